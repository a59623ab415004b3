// Mutation testing of the model (issue 13): `npm run test:mutation` (kept out of `npm test`: it is CPU-heavy).
// By default (`npm run test:mutation`, no variables set) Stryker mutates scripts/engine and scripts/validation
// (the `mutate` list below) and runs the engine and validation tests (scope `all`) against every mutant.
// On a shared machine run one file at a time with low concurrency, e.g.
//   MUTATION_SCOPE=engine npx stryker run --mutate scripts/engine/contact.ts --concurrency 1
// MUTATION_SCOPE picks the tests: engine (engine tests + demo stories), validation (validation tests), dataset
// (the dataset reader's tests and the other fast tests that read CSV or a dataset folder through it) or all
// (default: engine + validation; dataset is not in it). scripts/dataset is outside the default `mutate` list: a
// command-line --mutate replaces that list, e.g.
//   MUTATION_SCOPE=dataset npx stryker run --mutate scripts/dataset/csv.ts --concurrency 1
// Results are cached in reports/stryker-incremental.json, so a rerun only tests changed code.
const scope = process.env.MUTATION_SCOPE ?? 'all';
const tests = {
    engine: ['<rootDir>/scripts/engine/**/*.test.ts', '<rootDir>/scripts/demo/stories.test.ts'],
    validation: ['<rootDir>/scripts/validation/**/*.test.ts'],
    // scripts/dataset (csv.ts, reader.ts, the row mappers) and the tests elsewhere that go through csv.ts or
    // reader.ts in seconds: Bulk API CSV (salesforce), usage files (sync), the emulator's seeding, the dataset
    // mapping of the backtest, `score --input` and the demo stories. The backtest's own slow tests
    // (validation/backtest, signals, synthetic, ...) read small datasets too but are left out: they run the
    // whole backtest while jest collects them (every mutant static, hours). Even so, every one of these tests
    // covers the CSV parser, so a run of csv.ts or reader.ts with the whole scope takes hours on 2 cores: narrow
    // it with MUTATION_TESTS (the tests used for each file: docs/validation.md, Mutation testing).
    dataset: [
        '<rootDir>/scripts/dataset/**/*.test.ts',
        '<rootDir>/scripts/salesforce/csv.test.ts',
        '<rootDir>/scripts/salesforce/seam.test.ts',
        '<rootDir>/scripts/salesforce/bulkRecords.test.ts',
        '<rootDir>/scripts/sync/usage.format.test.ts',
        '<rootDir>/scripts/emulator/seed.test.ts',
        '<rootDir>/scripts/validation/mapping*.test.ts',
        '<rootDir>/scripts/cli/commands/score*.test.ts',
        '<rootDir>/scripts/demo/stories.test.ts'
    ],
    all: [
        '<rootDir>/scripts/engine/**/*.test.ts',
        '<rootDir>/scripts/demo/stories.test.ts',
        '<rootDir>/scripts/validation/**/*.test.ts'
    ]
}[scope];
if (!tests) throw new Error(`MUTATION_SCOPE must be engine, validation, dataset or all (got ${scope})`);
// MUTATION_TESTS narrows a one-file run to the test files that exercise it (comma-separated globs from the repo
// root), e.g. MUTATION_TESTS='scripts/engine/dates*.test.ts'. Fewer tests can only kill fewer mutants, so a
// narrowed score is a lower bound of the full one.
const narrowed = process.env.MUTATION_TESTS?.split(',')
    .map((glob) => glob.trim())
    .filter(Boolean)
    .map((glob) => `<rootDir>/${glob}`);

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
    packageManager: 'npm',
    testRunner: 'jest',
    jest: {
        projectType: 'custom',
        configFile: 'jest.config.js',
        // One node project (jest.config.js has three): only the tests that exercise the mutated code.
        config: {
            projects: [
                {
                    displayName: 'mutation',
                    rootDir: process.cwd(),
                    testEnvironment: 'node',
                    testMatch: narrowed?.length ? narrowed : tests,
                    testPathIgnorePatterns: ['/node_modules/'],
                    transform: {
                        '^.+\\.ts$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json', diagnostics: false }]
                    }
                }
            ]
        },
        enableFindRelatedTests: false
    },
    // The model: everything in scripts/engine and scripts/validation except what is not model code.
    // Per-file scores and the surviving mutants judged harmless: docs/validation.md "Mutation testing".
    mutate: [
        'scripts/engine/**/*.ts',
        'scripts/validation/**/*.ts',
        '!**/*.test.ts',
        // test builders and a re-export barrel: no behaviour of their own
        '!scripts/engine/fixtures.ts',
        '!scripts/validation/fixtures.ts',
        '!scripts/engine/index.ts',
        // the two synthetic worlds and their seeded generator are test DATA, not the model: a mutant there makes
        // a different world, which is as valid a world; their tests check what a world must show (churn rate,
        // mechanisms, determinism per seed), not every constant of its recipe
        '!scripts/validation/synthetic.ts',
        '!scripts/validation/churnWorld.ts',
        '!scripts/validation/random.ts',
        // I/O: reads a live org through an sf CLI connection, which no test can reach; the records it returns go
        // through history.ts and mapping.ts, which are mutated
        '!scripts/validation/orgDataset.ts',
        // presentation only: the terminal summary and the HTML page format numbers the backtest computed
        // (report.test.ts and honesty.test.ts check what they show); mutating colours, SVG coordinates and
        // wording would measure the page, not the model
        '!scripts/validation/report.ts'
    ],
    coverageAnalysis: 'perTest',
    concurrency: 2,
    timeoutMS: 60000,
    incremental: true,
    incrementalFile: 'reports/stryker-incremental.json',
    reporters: ['clear-text', 'progress', 'html', 'json'],
    htmlReporter: { fileName: 'reports/mutation/index.html' },
    jsonReporter: { fileName: 'reports/mutation/mutation.json' },
    tempDirName: '.stryker-tmp',
    cleanTempDir: true,
    ignorePatterns: [
        'reports',
        'screenshots',
        'coverage',
        'out',
        '.tmp',
        '.sf',
        '.sfdx',
        'force-app/**/*.js'
    ],
    thresholds: { high: 90, low: 80, break: null }
};
