// Jest runs the TypeScript sources directly (swc strips types; `npm run typecheck` checks them).
// Workspace packages resolve to their src/ so tests never need a build first.
const swc = [
  '@swc/jest',
  {
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022', keepClassNames: true },
    module: { type: 'es6' },
    sourceMaps: 'inline',
  },
];

export default {
  testEnvironment: 'node',
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': swc },
  moduleNameMapper: {
    // Generated schema modules (the @ovnkit/ovsdb "./schemas/*" subpath) also resolve to src/.
    '^@ovnkit/ovsdb/schemas/(.*)$': '<rootDir>/packages/ovsdb/src/schemas/$1.ts',
    '^@ovnkit/egressip-controller/kube$': '<rootDir>/packages/egressip-controller/src/kube.ts',
    '^@ovnkit/(ovsdb|egressip-controller|cli|testkit|lab)$': '<rootDir>/packages/$1/src/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  testMatch: [
    '<rootDir>/packages/*/src/**/*.test.ts',
    '<rootDir>/packages/*/test/**/*.test.ts',
    '<rootDir>/test/**/*.test.ts',
  ],
  testPathIgnorePatterns: ['/node_modules/', '/dist/'],
  testTimeout: 60000,
  maxWorkers: 2,
};
