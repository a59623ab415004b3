// ESLint flat config, scoped by glob:
//   LWC (force-app/**/lwc)  - @salesforce/eslint-config-lwc recommended + typescript-eslint
//   scripts/, test/ (Node) - typescript-eslint recommended
const lwcConfig = require('@salesforce/eslint-config-lwc');
const tseslint = require('typescript-eslint');
const globals = require('globals');

const scoped = (configs, files) => configs.map((config) => ({ ...config, files }));

const lwcFiles = ['force-app/**/lwc/**/*.ts'];
const nodeFiles = ['scripts/**/*.ts', 'test/**/*.ts', 'bin/**/*.ts'];

module.exports = [
    {
        ignores: [
            '**/node_modules/**',
            'coverage/**',
            'out/**',
            '.tmp/**',
            '.sf/**',
            '.sfdx/**',
            'reports/**',
            'screenshots/**',
            'test/fixtures/**',
            '**/__fixtures__/**',
            'force-app/main/default/lwc/**/*.js',
            'force-app/main/default/staticresources/**'
        ]
    },
    ...scoped(lwcConfig.configs.recommendedTs, lwcFiles),
    ...scoped(tseslint.configs.recommended, [...lwcFiles, ...nodeFiles]),
    {
        files: lwcFiles,
        languageOptions: { parser: tseslint.parser, globals: { ...globals.browser } },
        rules: { 'no-undef': 'off' }
    },
    {
        files: ['force-app/**/lwc/**/__tests__/**/*.ts', 'force-app/test/**/*.ts'],
        languageOptions: { globals: { ...globals.node, ...globals.jest } },
        rules: { '@lwc/lwc/no-unexpected-wire-adapter-usages': 'off' }
    },
    {
        files: nodeFiles,
        languageOptions: { parser: tseslint.parser, globals: { ...globals.node, ...globals.jest } },
        rules: {
            'no-undef': 'off',
            '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }]
        }
    },
    {
        files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
        ignores: ['force-app/**'],
        languageOptions: { globals: { ...globals.node } }
    }
];
