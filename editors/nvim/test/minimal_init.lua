-- A minimal Neovim configuration with only the copydesk plugin, for the end-to-end test and for
-- trying the plugin as a new user would:
--
--   COPYDESK_BIN=target/debug/copydesk nvim -u editors/nvim/test/minimal_init.lua seeds/rafah-virtual-meeting.txt
--
-- COPYDESK_BIN picks the copydesk program (default: PATH, then ~/.cargo/bin). The settings are the
-- ones the end-to-end test expects (editors/test/expectations.json).

local here = vim.fn.fnamemodify(debug.getinfo(1, "S").source:sub(2), ":p:h")
local plugin = vim.fn.fnamemodify(here, ":h") -- editors/nvim
local editors = vim.fn.fnamemodify(plugin, ":h") -- editors

vim.opt.runtimepath:remove(vim.fn.stdpath("config"))
vim.opt.runtimepath:prepend(plugin)
vim.opt.swapfile = false
vim.opt.shadafile = "NONE"
vim.opt.more = false

local expectations = vim.fn.json_decode(table.concat(vim.fn.readfile(editors .. "/test/expectations.json"), "\n"))
_G.copydesk_test = { editors = editors, expectations = expectations, exits = {} }

require("copydesk").setup({
  path = vim.env.COPYDESK_BIN,
  settings = expectations.settings,
  on_exit = function(code, signal, client_id)
    table.insert(_G.copydesk_test.exits, { code = code, signal = signal, client_id = client_id })
  end,
})
