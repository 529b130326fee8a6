import js from '@eslint/js'
import tseslint from 'typescript-eslint'

// The pure core (STYLE.md section 1) must not reach effects: no fs, processes, SSH, terraform, CLI or UI.
const effectful = [
  {group: ['**/exec/**', '**/cli/**', '**/services/**', '**/commands/**'], message: 'pure code may not import effectful layers'},
]
const effectfulModules = ['node:fs', 'node:fs/promises', 'fs', 'fs/promises', 'node:child_process', 'child_process', 'execa', 'ssh2', 'listr2']
const pureRule = {
  'no-restricted-imports': ['error', {paths: effectfulModules.map((name) => ({name, message: 'pure code does no I/O; pass data in'})), patterns: effectful}],
}
// Only stacks/ and the synth module may touch the archived cdktf library, so replacing it touches one boundary.
const noCdktf = {
  'no-restricted-imports': ['error', {patterns: [{group: ['cdktf', 'cdktf/*', '@cdktf/*'], message: 'only stacks/ and src/exec/terraform/synth.ts import cdktf'}]}],
}

export default tseslint.config(
  {ignores: ['dist/**', 'node_modules/**', '.kotadc/**', '.lab/**', 'coverage/**']},
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {globals: {process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', Buffer: 'readonly'}},
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', {argsIgnorePattern: '^_', varsIgnorePattern: '^_'}],
    },
  },
  {files: ['src/**/*.ts'], ignores: ['src/exec/terraform/synth.ts'], rules: noCdktf},
  {files: ['src/lab/**', 'src/lock/**', 'src/backup/**', 'src/base/**', 'src/docker-host/**', 'src/dns/**', 'src/proxy/**', 'src/firewall/**', 'src/pki/**', 'src/tasks/**', 'src/facts/**', 'src/netsvc/**', 'src/inventory/schema.ts', 'src/inventory/model.ts', 'src/inventory/locate.ts', 'src/inventory/graph.ts', 'src/inventory/validate/**', 'stacks/**'], rules: pureRule},
  // Playbooks are pure too, except the loader, the one file that reads playbook files.
  {files: ['src/playbooks/**'], ignores: ['src/playbooks/load.ts'], rules: pureRule},
)
