import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { KnowledgeBase } from '../core/knowledge/entry.ts';

/**
 * Loads the knowledge folder (loadKnowledge: read, parse, prepare quizzes) in a worker thread, so a
 * reload of a large folder does not hold the event loop: requests keep being answered from the old
 * knowledge meanwhile. The result is plain data and comes back by structured clone. Runs the
 * TypeScript sources through tsx (a runtime dependency) and the compiled ones as they are.
 */
export function loadKnowledgeInWorker(dir: string): Promise<KnowledgeBase> {
  const compiled = import.meta.url.endsWith('.js');
  const loader = new URL(`../core/knowledge/loader.${compiled ? 'js' : 'ts'}`, import.meta.url).href;
  // tsx's ESM API (its CommonJS one cannot register from a worker), next to the CommonJS entry.
  const tsx = compiled ? '' : pathToFileURL(path.join(path.dirname(createRequire(import.meta.url).resolve('tsx/esm/api')), 'index.mjs')).href;
  const code = `
    const { workerData, parentPort } = require('node:worker_threads');
    (async () => {
      if (workerData.tsx) (await import(workerData.tsx)).register();
      const { loadKnowledge } = await import(workerData.loader);
      parentPort.postMessage({ knowledge: loadKnowledge(workerData.dir) });
    })().catch(error => parentPort.postMessage({ error: String((error && error.stack) || error) }));
  `;
  return new Promise((resolve, reject) => {
    const worker = new Worker(code, { eval: true, workerData: { dir, loader, tsx } });
    worker.unref();
    worker.once('message', (message: { knowledge?: KnowledgeBase; error?: string }) => {
      void worker.terminate();
      if (message.knowledge) resolve(message.knowledge);
      else reject(new Error(`knowledge load failed in its worker: ${message.error}`));
    });
    worker.once('error', reject);
    worker.once('exit', code => reject(new Error(`knowledge load worker exited (${code})`)));
  });
}
