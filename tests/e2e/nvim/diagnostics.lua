-- Headless Neovim (0.7+) as a real LSP client of `charterlint server`:
-- opens the charter named by CHARTERLINT_CHARTER, attaches the server,
-- waits for its diagnostics and writes them, one per line, to
-- CHARTERLINT_OUT as "LINE:COL CODE MESSAGE", then quits.
local bin = os.getenv("CHARTERLINT_BIN")
local charter = os.getenv("CHARTERLINT_CHARTER")
local out = os.getenv("CHARTERLINT_OUT")
local root = vim.fn.fnamemodify(charter, ":h")

vim.cmd("edit " .. vim.fn.fnameescape(charter))
local bufnr = vim.api.nvim_get_current_buf()
local client = vim.lsp.start_client({
  name = "charterlint",
  cmd = { bin, "server", "--today", "2026-11-22" },
  root_dir = root,
})
vim.lsp.buf_attach_client(bufnr, client)

local ok = vim.wait(10000, function()
  return #vim.diagnostic.get(bufnr) > 0
end, 50)

local lines = {}
if not ok then
  table.insert(lines, "TIMEOUT")
end
for _, d in ipairs(vim.diagnostic.get(bufnr)) do
  local code = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code) or "?"
  local first = vim.split(d.message, "\n")[1]
  table.insert(lines, string.format("%d:%d %s %s", d.lnum + 1, d.col + 1, code, first))
end
vim.fn.writefile(lines, out)
vim.lsp.stop_client(client)
vim.cmd("qa!")
