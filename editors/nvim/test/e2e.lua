-- End-to-end test of the copydesk plugin in a real (headless) Neovim, against the real server.
--
--   COPYDESK_BIN=target/debug/copydesk nvim --headless -u editors/nvim/test/minimal_init.lua \
--     -c "luafile editors/nvim/test/e2e.lua"
--
-- Opens the seed articles (plain text and Markdown) from a scratch workspace, waits for
-- copydesk's diagnostics and checks the codes, lines and severities listed in
-- editors/test/expectations.json; hovers; applies a code action through vim.lsp.buf.code_action
-- and checks the buffer; runs :checkhealth copydesk; stops the server and checks its exit code.
-- Prints PASS/FAIL lines and a closing "N passed, N failed" line; exits non-zero on failure.
-- Where copydesk cannot be found it says so, and fails when CI=true instead of skipping.

local T = _G.copydesk_test
assert(T, "run with -u editors/nvim/test/minimal_init.lua")
local exp = T.expectations
local copydesk = require("copydesk")

local passed, failed, pending = 0, 0, 0
local function out(line)
  io.stdout:write(line .. "\n")
end
local function pass(name)
  passed = passed + 1
  out("PASS " .. name)
end
local function fail(name, why)
  failed = failed + 1
  out("FAIL " .. name .. ": " .. why)
end

local function finish()
  out(string.format("%d passed, %d failed", passed, failed) .. (pending > 0 and string.format(" (%d pending not counted)", pending) or ""))
  io.stdout:flush()
  if failed > 0 then
    vim.cmd("cquit 1")
  else
    vim.cmd("qall!")
  end
end

-- A check: `fn` returns true, or false and the reason. With `pending`, a failure is reported but
-- not counted, and a pass says the mark can go.
local function check(name, fn, pending_reason)
  local ok, res, why = pcall(fn)
  if ok and res then
    if pending_reason and pending_reason ~= vim.NIL then
      out("NOW PASSES (remove \"pending\" from editors/test/expectations.json): " .. name)
    end
    pass(name)
  elseif pending_reason and pending_reason ~= vim.NIL then
    pending = pending + 1
    out("PENDING " .. name .. " (" .. pending_reason .. "): " .. tostring(ok and why or res))
  else
    fail(name, tostring(ok and why or res))
  end
end

out(string.format("Neovim %s", tostring(vim.version().major .. "." .. vim.version().minor .. "." .. vim.version().patch)))

-- The program.
local cmd, why_missing = copydesk.command()
if not cmd then
  out("==================================================================================")
  out(" copydesk NOT FOUND: " .. why_missing)
  out(" Set COPYDESK_BIN or run `cargo build`. The Neovim end-to-end test did NOT run.")
  out("==================================================================================")
  if vim.env.CI == "true" then
    fail("find copydesk", "not found, and CI=true: failing instead of skipping")
  else
    out("SKIP the Neovim end-to-end test")
  end
  finish()
  return
end
out("copydesk under test: " .. table.concat(cmd, " "))

-- Every publishDiagnostics, as the client received it.
local published = {}
local default_handler = vim.lsp.handlers["textDocument/publishDiagnostics"]
vim.lsp.handlers["textDocument/publishDiagnostics"] = function(err, result, ctx, config)
  if result and result.uri then
    published[result.uri] = published[result.uri] or {}
    table.insert(published[result.uri], result)
  end
  return default_handler(err, result, ctx, config)
end

-- The scratch workspace: copydesk.toml and copies of the seeds.
local ws = vim.fn.tempname() .. "-copydesk-e2e"
vim.fn.mkdir(ws, "p")
ws = vim.loop.fs_realpath(ws)
vim.fn.writefile(vim.split(exp.workspace["copydesk.toml"], "\n", true), ws .. "/copydesk.toml", "b")
local seeds = vim.fn.fnamemodify(T.editors, ":h") .. "/seeds"
for _, name in ipairs(exp.workspace.articles) do
  vim.fn.writefile(vim.fn.readfile(seeds .. "/" .. name, "b"), ws .. "/" .. name, "b")
end

local TIMEOUT = tonumber(vim.env.COPYDESK_TEST_TIMEOUT_MS or "") or 20000
local bufs = {}

local function copydesk_client(buf)
  local by_buf = vim.lsp.get_clients and vim.lsp.get_clients({ bufnr = buf }) or vim.lsp.buf_get_clients(buf)
  for _, client in pairs(by_buf) do
    if client.name == "copydesk" then
      return client
    end
  end
  return nil
end

local function diagnostics(buf)
  local out_ = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if d.source == "copydesk" then
      table.insert(out_, d)
    end
  end
  return out_
end

local function describe(buf)
  local parts = {}
  for _, d in ipairs(diagnostics(buf)) do
    table.insert(parts, string.format("%s@%d", tostring(d.code), d.lnum + 1))
  end
  return #parts > 0 and table.concat(parts, ", ") or "none"
end

local function code_matches(code, pattern)
  code = tostring(code or "")
  if pattern:sub(-2) == ".*" then
    return code:sub(1, #pattern - 1) == pattern:sub(1, -2)
  end
  return code == pattern
end

local severity_names = { "error", "warning", "information", "hint" }

-- Open each article as a user would (:edit), and wait for its first diagnostics.
for _, name in ipairs(exp.workspace.articles) do
  local file = ws .. "/" .. name
  vim.cmd("edit " .. vim.fn.fnameescape(file))
  local buf = vim.api.nvim_get_current_buf()
  bufs[name] = buf
  local uri = vim.uri_from_bufnr(buf)
  local got = vim.wait(TIMEOUT, function()
    return published[uri] ~= nil and #published[uri] > 0
  end, 20)
  -- A server may publish again (say, once the settings are in): wait until it has been quiet
  -- for a moment, so the checks below see what the editor ends up showing.
  local count = -1
  while got and count ~= #published[uri] do
    count = #published[uri]
    vim.wait(300)
  end
  check(string.format("%s (filetype %s): copydesk attached and published diagnostics", name, vim.bo[buf].filetype), function()
    if not copydesk_client(buf) then
      return false, "no copydesk client attached"
    end
    if not got then
      return false, "no publishDiagnostics within " .. TIMEOUT .. " ms"
    end
    local first = published[uri][1]
    if first.version ~= nil and first.version ~= vim.lsp.util.buf_versions[buf] then
      return false, string.format("published for version %s, the buffer is at %s", tostring(first.version), tostring(vim.lsp.util.buf_versions[buf]))
    end
    return true
  end)
end

check("root detection: the client's root is the folder holding copydesk.toml", function()
  local client = copydesk_client(bufs[exp.workspace.articles[1]])
  if not client then
    return false, "no client"
  end
  local root = client.config.root_dir and vim.loop.fs_realpath(client.config.root_dir)
  return root == ws, string.format("root_dir is %s, expected %s", tostring(client.config.root_dir), ws)
end)

check("one client serves every article of the workspace", function()
  local ids = {}
  for _, buf in pairs(bufs) do
    local c = copydesk_client(buf)
    ids[c and c.id or "none"] = true
  end
  return vim.tbl_count(ids) == 1 and ids.none == nil, "clients: " .. table.concat(vim.tbl_keys(ids), ", ")
end)

if vim.fn.has("nvim-0.10") == 0 then
  check("K is mapped to the hover card in articles (Neovim < 0.10 maps nothing)", function()
    vim.api.nvim_set_current_buf(bufs[exp.workspace.articles[1]])
    local m = vim.fn.maparg("K", "n", false, true)
    return m.buffer == 1, "K: " .. vim.inspect(m)
  end)
end

for _, e in ipairs(exp.diagnostics) do
  local name = string.format("diagnostic %s at %s:%d%s", e.code, e.file, e.line, e.severity and " (" .. e.severity .. ")" or "")
  check(name, function()
    local buf = bufs[e.file]
    for _, d in ipairs(diagnostics(buf)) do
      if code_matches(d.code, e.code) and d.lnum + 1 == e.line then
        if e.severity and severity_names[d.severity] ~= e.severity then
          return false, "severity " .. tostring(severity_names[d.severity])
        end
        return true
      end
    end
    return false, "not reported; " .. e.file .. " has: " .. describe(buf)
  end, e.pending)
end

for _, e in ipairs(exp.absent) do
  check(string.format("no %s in %s", e.code, e.file), function()
    for _, d in ipairs(diagnostics(bufs[e.file])) do
      if code_matches(d.code, e.code) then
        return false, string.format("reported: %s@%d", tostring(d.code), d.lnum + 1)
      end
    end
    return true
  end)
end

-- Hover, through the client's own request path.
for _, h in ipairs(exp.hover) do
  local name = string.format('hover on "%s" at %s:%d%s', h.at, h.file, h.line, h.none and " shows nothing" or "")
  check(name, function()
    local buf = bufs[h.file]
    local line = vim.api.nvim_buf_get_lines(buf, h.line - 1, h.line, false)[1]
    local col = line:find(h.at, 1, true)
    if not col then
      return false, '"' .. h.at .. '" is not on that line'
    end
    local params = {
      textDocument = { uri = vim.uri_from_bufnr(buf) },
      position = { line = h.line - 1, character = vim.lsp.util.character_offset(buf, h.line - 1, col, "utf-16") },
    }
    local responses = vim.lsp.buf_request_sync(buf, "textDocument/hover", params, TIMEOUT)
    local result
    for _, r in pairs(responses or {}) do
      if r.err then
        return false, "error: " .. vim.inspect(r.err)
      end
      result = r.result
    end
    if h.none then
      return result == nil or result == vim.NIL, "expected no hover, got " .. vim.inspect(result)
    end
    if result == nil or result == vim.NIL then
      return false, "no hover"
    end
    local text = type(result.contents) == "table" and (result.contents.value or vim.inspect(result.contents)) or tostring(result.contents)
    for _, want in ipairs(h.contains or {}) do
      if not text:find(want, 1, true) then
        return false, 'the card lacks "' .. want .. '":\n' .. text
      end
    end
    return true
  end, h.pending)
end

-- A code action, the way a user applies one: type the mistake, wait for the finding, run
-- vim.lsp.buf.code_action() at it and pick the fix in the menu.
do
  local ca = exp.code_action
  local buf = bufs[ca.file]
  local name = string.format("code action: fix %s at %s:%d and check the buffer", ca.code, ca.file, ca.line)
  check(name, function()
    vim.api.nvim_set_current_buf(buf)
    local line = vim.api.nvim_buf_get_lines(buf, ca.line - 1, ca.line, false)[1]
    local s = line:find(ca.edit.from, 1, true)
    if not s then
      return false, '"' .. ca.edit.from .. '" is not on that line'
    end
    vim.api.nvim_buf_set_text(buf, ca.line - 1, s - 1, ca.line - 1, s - 1 + #ca.edit.from, { ca.edit.to })
    local target
    vim.wait(TIMEOUT, function()
      for _, d in ipairs(diagnostics(buf)) do
        if d.code == ca.code and d.lnum + 1 == ca.line then
          target = d
          return true
        end
      end
      return false
    end, 20)
    if not target then
      return false, "after typing the mistake, no " .. ca.code .. "; the buffer has: " .. describe(buf)
    end
    vim.api.nvim_win_set_cursor(0, { ca.line, target.col })

    local offered = {}
    local chosen
    local original_select = vim.ui.select
    vim.ui.select = function(items, _, on_choice)
      -- Items are {client_id, action} before 0.10 and {action = ..., ctx = ...} after.
      local pick
      for _, item in ipairs(items) do
        local action = item.action or item[2]
        table.insert(offered, action.title .. (action.isPreferred and " (preferred)" or ""))
        local fixes_it = false
        for _, d in ipairs(action.diagnostics or {}) do
          if d.code == ca.code then
            fixes_it = true
          end
        end
        if not pick and action.isPreferred and fixes_it then
          pick = item
        end
      end
      if not pick then
        for _, item in ipairs(items) do
          local action = item.action or item[2]
          if action.kind == "quickfix" then
            pick = item
            break
          end
        end
      end
      chosen = pick and (pick.action or pick[2]).title
      on_choice(pick)
    end
    vim.lsp.buf.code_action()
    local fixed = vim.wait(TIMEOUT, function()
      local now = vim.api.nvim_buf_get_lines(buf, ca.line - 1, ca.line, false)[1]
      return now:sub(1, #ca.expect_line_prefix) == ca.expect_line_prefix
    end, 20)
    vim.ui.select = original_select
    out("  code actions offered: " .. table.concat(offered, "; "))
    if not chosen then
      return false, "no quick fix was offered"
    end
    if not fixed then
      local now = vim.api.nvim_buf_get_lines(buf, ca.line - 1, ca.line, false)[1]
      return false, string.format('after "%s", the line reads: %s', chosen, now:sub(1, 60))
    end
    local gone = vim.wait(TIMEOUT, function()
      for _, d in ipairs(diagnostics(buf)) do
        if d.code == ca.code and d.lnum + 1 == ca.line then
          return false
        end
      end
      return true
    end, 20)
    if not gone then
      return false, "the finding is still reported after the fix"
    end
    out('  applied "' .. chosen .. '"')
    return true
  end)
end

check(":CopydeskRestart starts a new client for every open article, which checks them again", function()
  local old = copydesk_client(bufs[exp.workspace.articles[1]])
  local before = {}
  for name, buf in pairs(bufs) do
    before[name] = #(published[vim.uri_from_bufnr(buf)] or {})
  end
  vim.cmd("CopydeskRestart")
  local ok = vim.wait(TIMEOUT, function()
    for name, buf in pairs(bufs) do
      local c = copydesk_client(buf)
      if not c or (old and c.id == old.id) or #(published[vim.uri_from_bufnr(buf)] or {}) <= before[name] then
        return false
      end
    end
    return true
  end, 20)
  if not ok then
    local state = {}
    for name, buf in pairs(bufs) do
      local c = copydesk_client(buf)
      table.insert(state, string.format("%s: client %s, %d publishes", name, c and c.id or "none", #(published[vim.uri_from_bufnr(buf)] or {})))
    end
    return false, "after the restart: " .. table.concat(state, "; ")
  end
  return true
end)

check(":checkhealth copydesk reports no errors", function()
  vim.api.nvim_set_current_buf(bufs[exp.workspace.articles[1]])
  vim.cmd("silent checkhealth copydesk")
  local lines = vim.api.nvim_buf_get_lines(0, 0, -1, false)
  local text = table.concat(lines, "\n")
  vim.cmd("tabclose")
  if vim.env.COPYDESK_TEST_VERBOSE then
    out(text)
  end
  if not text:find("copydesk", 1, true) or not text:find("OK", 1, true) then
    return false, "no report:\n" .. text
  end
  if text:find("ERROR", 1, true) then
    return false, "errors:\n" .. text
  end
  if not text:find("rafah%-virtual%-meeting%.txt %(text%): client %d+ attached") then
    return false, "the report does not show the attached client:\n" .. text
  end
  return true
end)

check("stopping the client: the server exits with code 0", function()
  local client = copydesk_client(bufs[exp.workspace.articles[1]])
  if not client then
    return false, "no client"
  end
  if vim.fn.has("nvim-0.11") == 1 then
    client:stop()
  else
    client.stop()
  end
  local function exit_of(id)
    for _, e in ipairs(T.exits) do
      if e.client_id == id then
        return e
      end
    end
  end
  local done = vim.wait(TIMEOUT, function()
    return exit_of(client.id) ~= nil
  end, 20)
  if not done then
    return false, "the server did not exit within " .. TIMEOUT .. " ms of shutdown + exit"
      .. " (Neovim waits for it; it is killed only when Neovim quits)"
  end
  local e = exit_of(client.id)
  return e.code == 0 and e.signal == 0, string.format("exit code %s, signal %s", tostring(e.code), tostring(e.signal))
end)

vim.fn.delete(ws, "rf")
finish()
