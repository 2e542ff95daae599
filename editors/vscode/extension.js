// The siglint extension: starts `siglint server` (the Language Server Protocol over stdio) for
// the languages siglint reads. Diagnostics, quick fixes, "fix all" and hovers come from the
// server; this file only starts it and passes the settings.
'use strict';

const vscode = require('vscode');
const { LanguageClient } = require('vscode-languageclient/node');

const LANGUAGES = [
  'javascript', 'javascriptreact', 'typescript', 'typescriptreact', 'python', 'ruby', 'php',
  'java', 'html', 'vue', 'svelte', 'blade', 'erb', 'handlebars', 'twig', 'jinja', 'jsp', 'dotenv',
];

let client;

function settings() {
  const config = vscode.workspace.getConfiguration('siglint');
  return {
    command: config.get('path') || 'siglint',
    initializationOptions: {
      configPath: config.get('configPath') || null,
      debounceMs: config.get('debounceMs'),
    },
  };
}

async function start() {
  const { command, initializationOptions } = settings();
  const run = { command, args: ['server'] };
  client = new LanguageClient(
    'siglint',
    'siglint',
    { run, debug: run },
    {
      documentSelector: LANGUAGES.map((language) => ({ scheme: 'file', language })),
      initializationOptions,
      synchronize: {
        // Configuration files and sources changed on disk (another file's secret, a new
        // siglint.toml) re-check the open files that depend on them.
        fileEvents: vscode.workspace.createFileSystemWatcher(
          '**/{siglint.toml,.siglint.toml,*.js,*.mjs,*.cjs,*.jsx,*.ts,*.tsx,*.py,*.rb,*.php,*.java,*.json}',
        ),
      },
    },
  );
  await client.start();
}

async function activate(context) {
  context.subscriptions.push(
    vscode.commands.registerCommand('siglint.restart', async () => {
      if (client) {
        await client.stop();
      }
      await start();
    }),
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      if (event.affectsConfiguration('siglint') && client) {
        await client.stop();
        await start();
      }
    }),
  );
  await start();
}

async function deactivate() {
  if (client) {
    await client.stop();
  }
}

module.exports = { activate, deactivate };
