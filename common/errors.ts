/**
 * The error catalogue: every error the API can answer, with a stable code, an HTTP status and a
 * message in Chinese and English. The web client shows `message` in the user's language by code.
 */
export const ERRORS = {
  validation: { status: 400, zh: '输入不正确', en: 'Invalid input' },
  malformed_json: { status: 400, zh: '请求体不是合法的 JSON', en: 'The request body is not valid JSON' },
  bad_request: { status: 400, zh: '请求不正确', en: 'Bad request' },
  unauthenticated: { status: 401, zh: '请先登录', en: 'Please sign in' },
  bad_credentials: { status: 401, zh: '用户名或密码错误', en: 'Wrong username or password' },
  forbidden: { status: 403, zh: '没有权限执行此操作', en: 'You may not do this' },
  not_found: { status: 404, zh: '找不到该记录', en: 'Not found' },
  route_not_found: { status: 404, zh: '接口不存在', en: 'No such endpoint' },
  version_conflict: {
    status: 409,
    zh: '工单已被他人更新，请刷新后重试',
    en: 'The order was changed by someone else; reload and try again',
  },
  illegal_transition: {
    status: 409,
    zh: '工单当前状态不允许此操作',
    en: 'This action is not allowed in the order’s current state',
  },
  duplicate: { status: 409, zh: '记录已存在', en: 'Already exists' },
  conflict: { status: 409, zh: '与现有数据冲突', en: 'Conflicts with existing data' },
  idempotency_mismatch: {
    status: 422,
    zh: '同一幂等键已用于不同的请求',
    en: 'This Idempotency-Key was used for a different request',
  },
  unknown_reference: { status: 422, zh: '引用的记录不存在', en: 'A referenced record does not exist' },
  rule_violation: { status: 422, zh: '不符合业务规则', en: 'Breaks a business rule' },
  payload_too_large: { status: 413, zh: '文件太大', en: 'File too large' },
  unsupported_media: { status: 415, zh: '不支持的文件类型', en: 'Unsupported file type' },
  rate_limited: { status: 429, zh: '请求过于频繁，请稍后再试', en: 'Too many requests; try again later' },
  internal: { status: 500, zh: '服务器内部错误', en: 'Internal server error' },
} as const satisfies Record<string, { status: number; zh: string; en: string }>;

export type ErrorCode = keyof typeof ERRORS;

/** The one JSON error shape of the API. */
export interface ErrorBody {
  error: { code: ErrorCode; message: string; message_zh: string; message_en: string; field?: string };
}
