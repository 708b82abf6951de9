import type { TestProject } from 'vitest/node';
import { startStack } from '../support/stack.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    stack: { baseUrl: string; databaseUrl: string; livekitUrl: string; outboxDir: string };
  }
}

export default async function setup(project: TestProject) {
  const stack = await startStack();
  project.provide('stack', {
    baseUrl: stack.baseUrl,
    databaseUrl: stack.databaseUrl,
    livekitUrl: stack.livekitUrl,
    outboxDir: stack.outboxDir,
  });
  return () => stack.stop();
}
