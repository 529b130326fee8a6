import js from '@eslint/js'
import tseslint from 'typescript-eslint'

// Layer boundaries (STYLE.md section 1, README "Where things go"). In flat config a later block's
// no-restricted-imports replaces an earlier one's for the same file, so every folder gets exactly one merged rule.

const CDKTF = {group: ['cdktf', 'cdktf/*', '@cdktf/*', 'constructs'], message: 'only stacks/ and src/exec/terraform/synth.ts import cdktf'}
const EFFECT_LAYERS = {group: ['**/exec/**', '**/cli/**', '**/services/**', '**/commands/**'], message: 'pure code may not import effectful layers'}
const UPPER_LAYERS = {
  group: ['**/cli/**', '**/services/**', '**/commands/**'],
  message: 'a loader reads files; it does not reach up into services, the CLI or commands',
}

const onlyExec = (name) => ({name, message: `only src/exec imports ${name}: call the executor that wraps it`})
const EXEC_ONLY = ['execa', 'ssh2', 'pg', 'node:child_process', 'child_process'].map(onlyExec)
const FS = ['node:fs', 'node:fs/promises', 'fs', 'fs/promises'].map((name) => ({name, message: 'pure code does no I/O; pass data in'}))
const LISTR = {name: 'listr2', message: 'progress UI belongs to src/cli'}

// Inside src/exec each library still has one owner: local.ts starts processes, ssh/ speaks SSH.
const PROCESSES = ['execa', 'node:child_process', 'child_process'].map((name) => ({name, message: 'src/exec/local.ts starts every local process'}))
const SSH2 = [{name: 'ssh2', message: 'src/exec/ssh/ is the one SSH client'}]

const restrict = (paths, patterns) => ({'no-restricted-imports': ['error', {paths, patterns}]})

// The I/O the pure folders leave to someone: these files read the inventory, its secrets and key, and playbook files.
const LOADERS = ['src/inventory/load.ts', 'src/inventory/secrets.ts', 'src/inventory/age-identity.ts', 'src/playbooks/load.ts']
const EFFECTFUL = ['src/commands/**', 'src/cli/**', 'src/services/**', 'src/exec/**']
const CDKTF_OWNER = 'src/exec/terraform/synth.ts'

export default tseslint.config(
  {ignores: ['dist/**', 'node_modules/**', '.kotadc/**', '.lab/**', 'coverage/**']},
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', Buffer: 'readonly'},
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', {argsIgnorePattern: '^_', varsIgnorePattern: '^_'}],
    },
  },
  // Type-aware rules that catch real bugs: a promise nobody awaits, awaiting a non-promise, an async callback where
  // a sync one is expected, a return inside try that skips the catch, a non-Error thrown, a switch missing a case.
  {
    files: ['**/*.ts'],
    languageOptions: {parserOptions: {projectService: true, tsconfigRootDir: import.meta.dirname}},
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
      '@typescript-eslint/no-unnecessary-type-assertion': 'error',
      '@typescript-eslint/return-await': ['error', 'in-try-catch'],
      '@typescript-eslint/only-throw-error': 'error',
      '@typescript-eslint/prefer-promise-reject-errors': 'error',
      '@typescript-eslint/no-for-in-array': 'error',
      '@typescript-eslint/no-implied-eval': 'error',
      '@typescript-eslint/no-base-to-string': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': ['error', {considerDefaultExhaustiveForUnions: true}],
    },
  },
  // Pure core: every src folder but the effectful four, and stacks/ (which alone may use cdktf).
  {files: ['src/**/*.ts'], ignores: [...EFFECTFUL, ...LOADERS], rules: restrict([...FS, ...EXEC_ONLY, LISTR], [EFFECT_LAYERS, CDKTF])},
  {files: ['stacks/**/*.ts'], rules: restrict([...FS, ...EXEC_ONLY, LISTR], [EFFECT_LAYERS])},
  {files: LOADERS, rules: restrict([...EXEC_ONLY, LISTR], [UPPER_LAYERS, CDKTF])},
  // Commands, CLI and services reach processes, SSH and pg only through src/exec.
  {files: ['src/commands/**', 'src/cli/**', 'src/services/**'], rules: restrict(EXEC_ONLY, [CDKTF])},
  {files: ['src/exec/**'], ignores: [CDKTF_OWNER, 'src/exec/local.ts', 'src/exec/ssh/**'], rules: restrict([...PROCESSES, ...SSH2], [CDKTF])},
  {files: ['src/exec/local.ts'], rules: restrict(SSH2, [CDKTF])},
  {files: ['src/exec/ssh/**'], rules: restrict(PROCESSES, [CDKTF])},
  {files: [CDKTF_OWNER], rules: restrict([...PROCESSES, ...SSH2], [])},
)
