-- Neovim as siglint's LSP client (run by tests/editor.rs): opens a file, waits for siglint's
-- diagnostics, applies the preferred quick fix of the first one, saves, waits for the
-- diagnostics of the fixed text and writes what it saw as JSON. Written for Neovim 0.7 (the
-- Debian package): `vim.lsp.start_client`, not `vim.lsp.start`.
local siglint = os.getenv('SIGLINT_BIN')
local file = os.getenv('SIGLINT_FILE')
local out = os.getenv('SIGLINT_OUT')
local seen = { before = {}, after = {}, actions = {}, errors = {} }

local function finish(code)
  local f = io.open(out, 'w')
  f:write(vim.fn.json_encode(seen))
  f:close()
  vim.cmd(code == 0 and 'qall!' or 'cquit! ' .. code)
end

local function codes(buf)
  local list = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    table.insert(list, { code = d.code, source = d.source, line = d.lnum, col = d.col })
  end
  return list
end

vim.cmd('edit ' .. vim.fn.fnameescape(file))
local buf = vim.api.nvim_get_current_buf()
local client_id = vim.lsp.start_client({
  name = 'siglint',
  cmd = { siglint, 'server' },
  root_dir = vim.fn.fnamemodify(file, ':p:h'),
  on_exit = function(code) seen.server_exit = code end,
})
if not client_id then
  table.insert(seen.errors, 'the client did not start')
  return finish(1)
end
vim.lsp.buf_attach_client(buf, client_id)

if not vim.wait(30000, function() return #vim.diagnostic.get(buf) > 0 end, 20) then
  table.insert(seen.errors, 'no diagnostics within 30 s')
  return finish(1)
end
seen.before = codes(buf)

local client = vim.lsp.get_client_by_id(client_id)
local first = vim.diagnostic.get(buf)[1]
local params = {
  textDocument = { uri = vim.uri_from_bufnr(buf) },
  range = {
    start = { line = first.lnum, character = first.col },
    ['end'] = { line = first.end_lnum, character = first.end_col },
  },
  context = { diagnostics = {}, only = { 'quickfix' } },
}
local response = client.request_sync('textDocument/codeAction', params, 10000, buf)
if not response or response.err then
  table.insert(seen.errors, 'codeAction failed: ' .. vim.inspect(response))
  return finish(1)
end
local applied = false
for _, action in ipairs(response.result or {}) do
  table.insert(seen.actions, action.title)
  if not applied and action.isPreferred and action.edit then
    vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding)
    applied = true
  end
end
if not applied then
  table.insert(seen.errors, 'no preferred quick fix')
  return finish(1)
end
vim.cmd('write')

-- The fixed text's diagnostics: the finding is gone.
local before = #seen.before
if not vim.wait(30000, function() return #vim.diagnostic.get(buf) < before end, 20) then
  table.insert(seen.errors, 'the diagnostics did not follow the fix')
end
seen.after = codes(buf)
vim.lsp.stop_client(client_id)
vim.wait(5000, function() return seen.server_exit ~= nil end, 20)
finish(#seen.errors == 0 and 0 or 1)
