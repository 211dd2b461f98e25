// Two projects: unit specs sit beside the code and do no I/O; integration specs (*.int-spec.ts)
// run against real Postgres, Redis, Kafka and S3 from libs/testing's startInfra().
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2023',
      keepClassNames: true,
    },
  },
];
const moduleNameMapper = {
  '^@gatehouse/providers-(.*)$': '<rootDir>/libs/providers/$1/src',
  '^@gatehouse/(.*)$': '<rootDir>/libs/$1/src',
};
// jose ships only ES modules; swc turns it into CommonJS like our own sources.
const common = {
  rootDir: __dirname,
  transform: { '^.+\\.ts$': swc, '/node_modules/jose/.+\\.js$': swc },
  transformIgnorePatterns: ['/node_modules/(?!jose/)'],
  moduleNameMapper,
  testEnvironment: 'node',
};

module.exports = {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs}/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'integration',
      testMatch: ['<rootDir>/{apps,libs}/**/*.int-spec.ts'],
      setupFilesAfterEnv: ['<rootDir>/libs/testing/src/jest/integration-setup.ts'],
    },
  ],
};
