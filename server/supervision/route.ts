/**
 * The common shape of a supervision route, written once: the role check on request (401/403), the
 * schemas (so the OpenAPI document lists it), the actor, 201 for a creation, one handler. Routes
 * declared through `defineRoutes` stay one line of purpose plus the call into commands and queries.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { Type, type Static, type TSchema } from 'typebox';
import { requireActor, type SessionActor } from '../auth/actor';
import { authorize, type PolicyAction } from '../auth/policy';
import type { AppContext } from '../context';
import type { Tx } from '../db';
import type { App } from '../http';
import { Any, Errors } from './schema';

export interface RouteSpec<P extends TSchema, Q extends TSchema, B extends TSchema> {
  policy: PolicyAction;
  summary: string;
  params?: P;
  query?: Q;
  body?: B;
  /** Answers 201 (a creation) instead of 200. */
  created?: boolean;
  /** Answers 204 with no body. */
  empty?: boolean;
  /** A raw answer (a photo stream, a sheet): no JSON response schema. */
  raw?: boolean;
  /** The success answer's schema when it is not free-form JSON. */
  returns?: TSchema;
  /** Request content types other than JSON (e.g. multipart/form-data). */
  consumes?: string[];
}

export interface RouteInput<P extends TSchema, Q extends TSchema, B extends TSchema> {
  actor: SessionActor;
  params: Static<P>;
  query: Static<Q>;
  body: Static<B>;
  reply: FastifyReply;
  req: FastifyRequest;
}

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
type NoSchema = TSchema;

/** Route declarers bound to an app, a tag and the context; `tx` runs one transaction. */
export function defineRoutes(app: App, ctx: AppContext, tag: string) {
  const route =
    (method: Method) =>
    <P extends TSchema = NoSchema, Q extends TSchema = NoSchema, B extends TSchema = NoSchema>(
      url: string,
      spec: RouteSpec<P, Q, B>,
      handler: (input: RouteInput<P, Q, B>) => Promise<unknown>,
    ) => {
      const response: Record<number, TSchema> = spec.empty ? { 204: Type.Null(), ...Errors } : spec.raw ? Errors : { [spec.created ? 201 : 200]: spec.returns ?? Any, ...Errors };
      app.route({
        method,
        url,
        onRequest: async (req) => authorize(requireActor(req), spec.policy),
        schema: {
          tags: [tag],
          summary: spec.summary,
          ...(spec.params ? { params: spec.params } : {}),
          ...(spec.query ? { querystring: spec.query } : {}),
          ...(spec.body ? { body: spec.body } : {}),
          ...(spec.consumes ? { consumes: spec.consumes } : {}),
          response,
        },
        handler: async (req, reply) => {
          const out = await handler({
            actor: requireActor(req),
            params: req.params as Static<P>,
            query: (req.query ?? {}) as Static<Q>,
            body: (req.body ?? {}) as Static<B>,
            reply,
            req,
          });
          if (spec.empty) return reply.code(204).send(null);
          if (spec.created) reply.code(201);
          return out;
        },
      });
    };
  return {
    get: route('GET'),
    post: route('POST'),
    patch: route('PATCH'),
    put: route('PUT'),
    delete: route('DELETE'),
    tx: <T>(fn: (tx: Tx) => Promise<T>) => ctx.db.transaction().execute(fn),
    now: () => ctx.clock.now(),
  };
}
