-- copydesk for Neovim: runs `copydesk lsp` on text and Markdown buffers.
--
--   require("copydesk").setup({
--     path = nil,                          -- the copydesk program; default: PATH, then ~/.cargo/bin
--     cmd = nil,                           -- the whole command, overriding path: { "copydesk", "lsp" }
--     filetypes = { "text", "markdown" },
--     root_markers = { "copydesk.toml", ".git" },
--     settings = { copydesk = { style = "ap", rules = { ["dateline.dash"] = "error" } } },
--     on_attach = function(client, bufnr) end,
--     on_exit = function(code, signal, client_id) end,
--     capabilities = nil,
--     keymaps = true,                      -- Neovim < 0.10: K shows the hover card in articles
--   })
--
-- On Neovim 0.11+ (vim.lsp.config / vim.lsp.enable) the plugin registers a "copydesk" config and
-- enables it, so `vim.lsp.config("copydesk", {...})` and `:checkhealth vim.lsp` work as for any
-- other server. On older Neovim (0.7 to 0.10) it starts the client itself on FileType, with
-- vim.lsp.start_client + vim.lsp.buf_attach_client, one client per project root.

local M = {}

M.name = "copydesk"

local defaults = {
  path = nil,
  cmd = nil,
  filetypes = { "text", "markdown" },
  root_markers = { "copydesk.toml", ".git" },
  settings = { copydesk = {} },
  on_attach = nil,
  on_exit = nil,
  capabilities = nil,
  autostart = true,
  -- Before 0.10, Neovim maps nothing to hover: K runs `man` ("no manual entry for LONDON").
  -- With this on, K shows copydesk's hover card in articles, unless K is already mapped.
  keymaps = true,
}

M.options = nil
M._warned_missing = false
-- On the older path: root directory (or "" for single files) -> client id.
M._clients = {}

local uv = vim.loop or vim.uv

local function notify(msg, level)
  vim.schedule(function()
    vim.notify("copydesk: " .. msg, level or vim.log.levels.INFO)
  end)
end

--- Does this Neovim have the 0.11 configuration API?
function M.has_native_config()
  return type(vim.lsp.config) ~= "nil" and type(vim.lsp.enable) == "function"
end

local function is_executable(file)
  return file ~= nil and file ~= "" and vim.fn.executable(file) == 1
end

--- The copydesk program: `path` if given, then PATH, then ~/.cargo/bin.
--- Returns the path and how it was found, or nil and the reason.
function M.find_program(path)
  if path ~= nil and path ~= "" then
    local expanded = vim.fn.expand(path)
    if is_executable(expanded) then
      return vim.fn.fnamemodify(expanded, ":p"), "the path option"
    end
    return nil, string.format("the path option points at %q, which is not an executable program", expanded)
  end
  local on_path = vim.fn.exepath("copydesk")
  if on_path ~= "" then
    return on_path, "PATH"
  end
  local cargo = (vim.env.CARGO_HOME or (vim.env.HOME or "~") .. "/.cargo") .. "/bin/copydesk"
  if is_executable(cargo) then
    return cargo, "~/.cargo/bin"
  end
  return nil, "no `copydesk` program on PATH or in ~/.cargo/bin"
end

--- The command that starts the server, or nil and the reason it cannot be started.
function M.command(opts)
  opts = opts or M.options or defaults
  if opts.cmd then
    return opts.cmd
  end
  local program, how = M.find_program(opts.path)
  if not program then
    return nil, how
  end
  return { program, "lsp" }
end

local function exists(file)
  return uv.fs_stat(file) ~= nil
end

local function parent(dir)
  local p = vim.fn.fnamemodify(dir, ":h")
  if p == dir then
    return nil
  end
  return p
end

--- The nearest folder above `file` holding one of `markers`, or nil (a single file).
function M.find_root(file, markers)
  markers = markers or defaults.root_markers
  if file == nil or file == "" then
    return nil
  end
  local dir = vim.fn.fnamemodify(file, ":p:h")
  while dir do
    for _, marker in ipairs(markers) do
      if exists(dir .. "/" .. marker) then
        return dir
      end
    end
    dir = parent(dir)
  end
  return nil
end

-- JSON needs to tell {} from []: empty Lua tables under these keys go out as objects.
local object_keys = { copydesk = true, rules = true, dateline = true }

local function as_json_objects(value, key)
  if type(value) ~= "table" then
    return value
  end
  if next(value) == nil then
    if object_keys[key] then
      return vim.empty_dict()
    end
    return value
  end
  local out = {}
  for k, v in pairs(value) do
    out[k] = as_json_objects(v, k)
  end
  return out
end

--- The settings as sent: `{ copydesk = {...} }`, empty tables made JSON objects where needed.
function M.settings(opts)
  opts = opts or M.options or defaults
  local settings = vim.deepcopy(opts.settings or {})
  if settings.copydesk == nil then
    settings.copydesk = {}
  end
  return as_json_objects(settings, nil)
end

local function on_init(client)
  -- Neovim before 0.10 does not send the settings on its own after `initialize`.
  if vim.fn.has("nvim-0.10") == 0 then
    client.notify("workspace/didChangeConfiguration", { settings = client.config.settings })
  end
  return true
end

local function on_attach(client, bufnr)
  local opts = M.options or defaults
  if opts.keymaps and vim.fn.has("nvim-0.10") == 0 then
    local existing = vim.fn.maparg("K", "n", false, true)
    if vim.tbl_isempty(existing) then
      vim.keymap.set("n", "K", vim.lsp.buf.hover, { buffer = bufnr, desc = "copydesk: hover card" })
    end
  end
  if opts.on_attach then
    opts.on_attach(client, bufnr)
  end
end

--- A complete client configuration for a buffer (older path, and :CopydeskRestart).
function M.client_config(bufnr)
  local opts = M.options or defaults
  local cmd, why = M.command(opts)
  if not cmd then
    return nil, why
  end
  local file = vim.api.nvim_buf_get_name(bufnr)
  local root = M.find_root(file, opts.root_markers)
  return {
    name = M.name,
    cmd = cmd,
    root_dir = root,
    settings = M.settings(opts),
    capabilities = opts.capabilities or vim.lsp.protocol.make_client_capabilities(),
    on_init = on_init,
    on_attach = on_attach,
    on_exit = opts.on_exit,
  }
end

local function warn_missing(why)
  if not M._warned_missing then
    M._warned_missing = true
    notify(
      "can't start the language server: "
        .. why
        .. ". Install copydesk (`cargo install --path .` in the copydesk repository) or pass"
        .. " `path` to require('copydesk').setup(). See :checkhealth copydesk",
      vim.log.levels.ERROR
    )
  end
end

-- Client methods are called with `:` from 0.11 on; before, they were plain functions (and
-- `client:stop()` would pass the client as `force`).
local method_style = vim.fn.has("nvim-0.11") == 1

local function is_stopped(client)
  if method_style then
    return client:is_stopped()
  end
  return client.is_stopped()
end

local function stop(client)
  if method_style then
    client:stop()
  else
    client.stop()
  end
end

local function client_alive(id)
  local client = id and vim.lsp.get_client_by_id(id)
  return client ~= nil and not is_stopped(client)
end

--- Attach copydesk to a buffer (older path): one client per project root.
function M.attach(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  if vim.bo[bufnr].buftype ~= "" then
    return nil
  end
  local config, why = M.client_config(bufnr)
  if not config then
    warn_missing(why)
    return nil
  end
  local key = config.root_dir or ""
  local id = M._clients[key]
  if not client_alive(id) then
    id = vim.lsp.start_client(config)
    if not id then
      notify("the language server did not start; see :checkhealth copydesk and :LspLog", vim.log.levels.ERROR)
      return nil
    end
    M._clients[key] = id
  end
  vim.lsp.buf_attach_client(bufnr, id)
  return id
end

--- The running copydesk clients.
function M.clients()
  local out = {}
  local all = vim.lsp.get_clients and vim.lsp.get_clients() or vim.lsp.get_active_clients()
  for _, client in pairs(all) do
    if client.name == M.name then
      table.insert(out, client)
    end
  end
  return out
end

local function matching_buffers()
  local wanted = {}
  for _, ft in ipairs((M.options or defaults).filetypes) do
    wanted[ft] = true
  end
  local out = {}
  for _, buf in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(buf) and wanted[vim.bo[buf].filetype] and vim.bo[buf].buftype == "" then
      table.insert(out, buf)
    end
  end
  return out
end

--- Stop every copydesk client and attach the matching buffers again.
function M.restart()
  local clients = M.clients()
  for _, client in ipairs(clients) do
    stop(client)
  end
  vim.wait(3000, function()
    for _, client in ipairs(clients) do
      if not is_stopped(client) then
        return false
      end
    end
    return true
  end, 50)
  M._clients = {}
  M._warned_missing = false
  for _, buf in ipairs(matching_buffers()) do
    if M.has_native_config() and vim.lsp.start then
      local config = vim.lsp.config[M.name]
      if config then
        config = vim.tbl_extend("force", config, {
          root_dir = M.find_root(vim.api.nvim_buf_get_name(buf), config.root_markers),
        })
        vim.lsp.start(config, { bufnr = buf })
      end
    else
      M.attach(buf)
    end
  end
end

local function setup_native(opts)
  local cmd, why = M.command(opts)
  if not cmd then
    warn_missing(why)
    return
  end
  vim.lsp.config(M.name, {
    cmd = cmd,
    filetypes = opts.filetypes,
    root_markers = opts.root_markers,
    settings = M.settings(opts),
    capabilities = opts.capabilities,
    on_attach = opts.on_attach,
    on_exit = opts.on_exit,
  })
  if opts.autostart then
    vim.lsp.enable(M.name)
  end
end

local function setup_legacy(opts)
  local group = vim.api.nvim_create_augroup("copydesk", { clear = true })
  if not opts.autostart then
    return
  end
  vim.api.nvim_create_autocmd("FileType", {
    group = group,
    pattern = opts.filetypes,
    callback = function(args)
      M.attach(args.buf)
    end,
    desc = "copydesk: attach the language server",
  })
  -- Buffers already open when setup() runs.
  for _, buf in ipairs(matching_buffers()) do
    M.attach(buf)
  end
end

function M.setup(user)
  local opts = vim.tbl_deep_extend("force", vim.deepcopy(defaults), user or {})
  -- Lists replace, not merge.
  if user and user.filetypes then
    opts.filetypes = user.filetypes
  end
  if user and user.root_markers then
    opts.root_markers = user.root_markers
  end
  M.options = opts
  M._warned_missing = false

  vim.api.nvim_create_user_command("CopydeskRestart", function()
    M.restart()
  end, { desc = "Restart the copydesk language server" })
  vim.api.nvim_create_user_command("CopydeskInfo", function()
    vim.cmd("checkhealth copydesk")
  end, { desc = "Show copydesk's health report" })

  if M.has_native_config() then
    setup_native(opts)
  else
    setup_legacy(opts)
  end
end

return M
