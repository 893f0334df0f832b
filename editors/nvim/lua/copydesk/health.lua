-- :checkhealth copydesk
--
-- Neovim 0.7 and 0.8 find this file as lua/copydesk/health.lua and report through
-- require("health").report_*; 0.9 and later through vim.health.start/ok/warn/error/info.

local M = {}

local function reporter()
  local h = vim.health
  if h == nil or h.start == nil then
    local ok, legacy = pcall(require, "health")
    h = ok and legacy or {}
  end
  return {
    start = h.start or h.report_start,
    ok = h.ok or h.report_ok,
    info = h.info or h.report_info,
    warn = h.warn or h.report_warn,
    error = h.error or h.report_error,
  }
end

local known = {
  style = { ap = true, reuters = true, nyt = true, guardian = true },
  level = { off = true, hint = true, information = true, warning = true, error = true, default = true },
  policy = { required = true, optional = true, off = true },
  credit = { required = true, optional = true },
}

-- Keys the server reads under `copydesk`, in either spelling; and the client-only ones it ignores.
local server_keys = {
  style = true, rules = true, dateline = true, debounceMs = true, debounce_ms = true,
  maxFileSizeKb = true, max_file_size_kb = true, knowledgeBase = true, knowledge_base = true,
  path = true, trace = true, serverPath = true, args = true, enable = true, filetypes = true,
}
local dateline_keys = {
  policy = true, homeCity = true, home_city = true, credit = true, standaloneUs = true,
  standalone_us = true, standaloneForeign = true, standalone_foreign = true,
  extraStandalone = true, extra_standalone = true,
}

local function check_settings(r, settings)
  if type(settings) ~= "table" then
    r.error("settings must be a table: settings = { copydesk = { ... } }")
    return
  end
  local s = settings.copydesk
  if s == nil then
    r.warn("settings has no `copydesk` table; the server reads settings = { copydesk = { ... } }")
    return
  end
  local problems = 0
  for k, v in pairs(s) do
    if not server_keys[k] then
      r.warn(string.format("settings.copydesk.%s is not a copydesk setting; it will be ignored or rejected", k))
      problems = problems + 1
    end
    if k == "style" and not known.style[v] then
      r.error(string.format("settings.copydesk.style = %q: use ap, reuters, nyt or guardian", tostring(v)))
      problems = problems + 1
    end
  end
  for code, level in pairs(s.rules or {}) do
    if not known.level[level] then
      r.error(string.format("settings.copydesk.rules[%q] = %q: use off, hint, information, warning, error or default", code, tostring(level)))
      problems = problems + 1
    end
  end
  for k, v in pairs(s.dateline or {}) do
    if not dateline_keys[k] then
      r.warn(string.format("settings.copydesk.dateline.%s is not a dateline setting", k))
      problems = problems + 1
    elseif k == "policy" and not known.policy[v] then
      r.error(string.format("settings.copydesk.dateline.policy = %q: use required, optional or off", tostring(v)))
      problems = problems + 1
    elseif k == "credit" and not known.credit[v] then
      r.error(string.format("settings.copydesk.dateline.credit = %q: use required or optional", tostring(v)))
      problems = problems + 1
    end
  end
  if problems == 0 then
    local n = vim.tbl_count(s)
    r.ok(n == 0 and "no settings: the project's copydesk.toml (or the built-in defaults) governs"
      or string.format("%d setting(s) under settings.copydesk look right; they override copydesk.toml", n))
  end
end

function M.check()
  local r = reporter()
  local copydesk = require("copydesk")
  local v = vim.version()

  r.start("copydesk: Neovim")
  if vim.fn.has("nvim-0.7") == 0 then
    r.error(string.format("Neovim %d.%d.%d is too old: copydesk needs 0.7 or later", v.major, v.minor, v.patch))
  elseif copydesk.has_native_config() then
    r.ok(string.format("Neovim %d.%d.%d: the plugin uses vim.lsp.config / vim.lsp.enable", v.major, v.minor, v.patch))
  else
    r.ok(string.format("Neovim %d.%d.%d: the plugin starts the client on FileType (vim.lsp.start_client)", v.major, v.minor, v.patch))
  end

  r.start("copydesk: setup")
  local opts = copydesk.options
  if not opts then
    r.error("require('copydesk').setup() has not been called", { "Add require('copydesk').setup({}) to your init.lua" })
    opts = nil
  else
    r.ok("setup() called; filetypes: " .. table.concat(opts.filetypes, ", ") .. "; root markers: " .. table.concat(opts.root_markers, ", "))
    check_settings(r, opts.settings)
  end

  r.start("copydesk: the program")
  local cmd, why = copydesk.command(opts)
  if not cmd then
    r.error("copydesk not found: " .. why, {
      "Install it: `cargo install --path .` in a copy of the copydesk repository (puts it in ~/.cargo/bin)",
      "Or tell the plugin where it is: require('copydesk').setup({ path = '/path/to/copydesk' })",
    })
  else
    local program = cmd[1]
    if vim.fn.executable(program) ~= 1 then
      r.error(string.format("%q (from the cmd option) is not executable", program))
    else
      local out = vim.fn.system({ program, "--version" })
      if vim.v.shell_error == 0 then
        r.ok(string.format("%s: %s", program, vim.trim(out)))
      else
        r.error(string.format("%s --version failed (exit %d): %s", program, vim.v.shell_error, vim.trim(out)))
      end
      r.info("server command: " .. table.concat(cmd, " "))
    end
  end

  -- :checkhealth runs in a buffer of its own, so look at every open article instead of "the
  -- current buffer".
  r.start("copydesk: open articles")
  local wanted = {}
  for _, ft in ipairs(opts and opts.filetypes or {}) do
    wanted[ft] = true
  end
  local articles = 0
  for _, buf in ipairs(vim.api.nvim_list_bufs()) do
    local file = vim.api.nvim_buf_get_name(buf)
    if vim.api.nvim_buf_is_loaded(buf) and vim.bo[buf].buftype == "" and file ~= "" and wanted[vim.bo[buf].filetype] then
      articles = articles + 1
      local short = vim.fn.fnamemodify(file, ":~:.")
      local client
      local by_buf = vim.lsp.get_clients and vim.lsp.get_clients({ bufnr = buf }) or vim.lsp.buf_get_clients(buf)
      for _, c in pairs(by_buf) do
        if c.name == copydesk.name then
          client = c
        end
      end
      if client then
        r.ok(string.format("%s (%s): client %d attached, root %s", short, vim.bo[buf].filetype, client.id,
          client.config.root_dir or "none (single file)"))
      else
        r.warn(string.format("%s (%s): no copydesk client attached", short, vim.bo[buf].filetype),
          { "Check the sections above, then :CopydeskRestart" })
      end
    end
  end
  if articles == 0 then
    r.info("no article is open (filetypes " .. (opts and table.concat(opts.filetypes, ", ") or "?") .. ")")
  end

  local clients = copydesk.clients()
  r.start("copydesk: clients")
  if #clients == 0 then
    r.info("no copydesk client is running")
  end
  for _, client in ipairs(clients) do
    r.info(string.format("client %d: root %s", client.id, client.config.root_dir or "none"))
  end
  local ok, log = pcall(require, "vim.lsp.log")
  local path = ok and log.get_filename and log.get_filename() or vim.lsp.get_log_path()
  r.info("LSP log file (set vim.lsp.set_log_level('debug') to see the traffic): " .. path)
end

return M
