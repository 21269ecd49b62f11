import path from 'node:path';
import { progressBar, type Progress } from '../../util/progress.js';
import type { ImportProgress } from './report.js';

/** Progress bars by bytes read, one per file, on a terminal only (elsewhere nothing). */
export function progressReporter(): { onProgress: (p: ImportProgress) => void; stop: () => void } {
  let current: { file: string; bar: Progress; last: number } | undefined;
  return {
    onProgress(p) {
      if (current?.file !== p.file) {
        current?.bar.stop();
        current = { file: p.file, bar: progressBar(path.basename(p.file), p.totalBytes), last: 0 };
      }
      current.bar.tick(p.bytesRead - current.last);
      current.last = p.bytesRead;
    },
    stop() {
      current?.bar.stop();
      current = undefined;
    },
  };
}
