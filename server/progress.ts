/** A progress bar for long work on a terminal (a line every 10% when output is not a terminal). */
export function progressBar(label: string, stream: NodeJS.WriteStream = process.stdout) {
  const started = Date.now();
  let lastPct = -1;
  return {
    update(done: number, total: number) {
      const pct = total ? Math.floor((done / total) * 100) : 100;
      if (stream.isTTY) {
        const width = 30;
        const filled = Math.round((pct / 100) * width);
        stream.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(pct).padStart(3)}% ${done}/${total}`);
      } else if (pct >= lastPct + 10 || done === total) {
        stream.write(`${label} ${pct}% (${done}/${total})\n`);
        lastPct = pct;
      }
    },
    done(summary = '') {
      const secs = ((Date.now() - started) / 1000).toFixed(1);
      stream.write(`${stream.isTTY ? '\n' : ''}${label} done in ${secs} s${summary ? ` — ${summary}` : ''}\n`);
    },
  };
}
