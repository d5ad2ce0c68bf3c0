// Preloaded into a benchmarked process (node --import): writes its peak RSS in MB to the file named
// by NPP_BENCH_RSS_FILE when it exits.
import { writeFileSync } from 'node:fs';

const file = process.env['NPP_BENCH_RSS_FILE'];
if (file !== undefined) {
  process.on('exit', () => {
    writeFileSync(file, String(Math.round(process.resourceUsage().maxRSS / 1024)));
  });
}
