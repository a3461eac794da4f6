import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';
import react from '@vitejs/plugin-react';

// The dashboard lives in client/; the server serves its build from dist/client in production and
// Vite serves it in development with the API and sockets proxied to the server.
const serverUrl = process.env.ORTAQ_DEV_SERVER ?? 'http://127.0.0.1:8080';
/**
 * Test files run two at a time at least: most of them wait on servers, sockets, browsers and databases rather
 * than the CPU, so on a 2-core machine two workers (vitest's default there is one) finish the suite about a
 * fifth sooner. The end-to-end files still run one after another (fileParallelism below).
 */
const testWorkers = Math.max(2, availableParallelism() - 1);

export default defineConfig({
  root: 'client',
  plugins: [react()],
  worker: { format: 'es' },
  build: {
    outDir: '../dist/client',
    emptyOutDir: true,
    rolldownOptions: {
      output: {
        // Libraries change less often than the app: separate chunks stay cached across releases. React comes
        // first: a group takes the dependencies of what it matches, and the chart library (loaded only with the
        // views that draw Recharts charts) must not take React with it.
        codeSplitting: {
          groups: [
            { name: 'react', test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/ },
            {
              name: 'charts',
              test: /node_modules[\\/](recharts|d3-|victory-vendor|es-toolkit|immer|redux|@reduxjs|react-redux|reselect)/,
            },
            { name: 'map', test: /node_modules[\\/](world-atlas|topojson-client)/ },
            { name: 'vendor', test: /node_modules/ },
          ],
        },
      },
    },
  },
  server: {
    proxy: {
      '/api': serverUrl,
      '/healthz': serverUrl,
      '/socket.io': { target: serverUrl, ws: true },
    },
  },
  test: {
    root: '.',
    maxWorkers: testWorkers,
    projects: [
      {
        extends: true,
        test: {
          name: 'node',
          root: '.',
          include: ['test/**/*.test.ts'],
          exclude: ['test/e2e/**'],
          environment: 'node',
        },
      },
      {
        extends: true,
        test: {
          name: 'client',
          root: '.',
          include: ['test/client/**/*.test.tsx'],
          environment: 'happy-dom',
        },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          root: '.',
          include: ['test/e2e/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/e2e/globalSetup.ts'],
          testTimeout: 120_000,
          hookTimeout: 120_000,
          fileParallelism: false,
        },
      },
    ],
  },
});
