// Three jest projects:
//   lwc   - Lightning Web Components (TypeScript) under force-app, via sfdx-lwc-jest
//   node  - the TypeScript side in scripts/ (engine, sync, validation) and test/
//   gates - tests proving each quality gate fails on a deliberately broken input
const { jestConfig: lwcJestConfig } = require('@salesforce/sfdx-lwc-jest/config');

// Types are checked once by the typecheck gate (tsc); jest only strips them (tsconfig has isolatedModules).
const tsJest = ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json', diagnostics: false }];

module.exports = {
    // Tests that start the emulator, the CLI or a backtest take seconds; on a loaded 2-core machine a full run saw
    // them pass 5 s (jest's default) and fail. A limit, not a measurement: nothing here asserts on time.
    testTimeout: 30_000,
    projects: [
        {
            ...lwcJestConfig,
            displayName: 'lwc',
            rootDir: __dirname,
            roots: ['<rootDir>/force-app'],
            moduleFileExtensions: ['ts', 'js', 'html', 'json'],
            moduleNameMapper: {
                '^lightning/navigation$': '<rootDir>/force-app/test/jest-mocks/lightning/navigation',
                '^lightning/platformShowToastEvent$':
                    '<rootDir>/force-app/test/jest-mocks/lightning/platformShowToastEvent',
                '^lightning/uiRecordApi$': '<rootDir>/force-app/test/jest-mocks/lightning/uiRecordApi'
            },
            setupFilesAfterEnv: ['<rootDir>/force-app/test/jest-setup.js'],
            testMatch: ['**/lwc/**/__tests__/**/*.test.ts'],
            testPathIgnorePatterns: ['/node_modules/', '/test/fixtures/']
        },
        {
            displayName: 'node',
            rootDir: __dirname,
            testEnvironment: 'node',
            roots: ['<rootDir>/scripts', '<rootDir>/test'],
            testMatch: ['**/*.test.ts'],
            testPathIgnorePatterns: ['/node_modules/', '/test/fixtures/', '/test/gates/'],
            transform: { '^.+\\.ts$': tsJest }
        },
        {
            displayName: 'gates',
            rootDir: __dirname,
            testEnvironment: 'node',
            roots: ['<rootDir>/test/gates'],
            testMatch: ['**/*.test.ts'],
            transform: { '^.+\\.ts$': tsJest }
        }
    ]
};
