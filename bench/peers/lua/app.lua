-- Peer: an OpenResty-style Lua app (LuaJIT, lua-cjson) on the same nginx binary as the njs
-- engine row. The bench's route layout (bench/peers/routes.mjs) as a table built once per
-- worker (module level is kept between requests in Lua): literal paths in a hash per method,
-- patterns tried in order; two "middlewares" as functions around the handler.
local cjson = require "cjson.safe"

local _M = {}

local handlers = {
  list = function() return 200, { items = {} } end,
  create = function() ngx.req.read_body(); return 201, cjson.decode(ngx.req.get_body_data() or "null") end,
  one = function(id) return 200, { id = id } end,
  remove = function() return 204 end,
  json = function(id) return 200, { message = "Hello, World!", id = id } end,
}

local literal, patterns = {}, {}

local function add(method, path, kind, digits)
  local name = path:match("/:id$")
  if not name then
    literal[method] = literal[method] or {}
    literal[method][path] = handlers[kind]
  else
    local p = "^" .. path:gsub("/:id$", "") .. (digits and "/(%d+)$" or "/([^/]+)$")
    patterns[method] = patterns[method] or {}
    table.insert(patterns[method], { p, handlers[kind] })
  end
end

-- The same layout as routeLayout(n) in routes.mjs.
local function layout(n)
  local function resources(from, to)
    for k = from, to - 1 do
      local i = math.floor(k / 4)
      local prefix = (i % 2 == 1) and "/api/v2" or "/api/v1"
      local m = k % 4
      if m == 0 then add("GET", prefix .. "/res" .. i, "list")
      elseif m == 1 then add("POST", prefix .. "/res" .. i, "create")
      elseif m == 2 then add("GET", prefix .. "/res" .. i .. "/:id", "one")
      else add("DELETE", prefix .. "/res" .. i .. "/:id", "remove", true) end
    end
  end
  local before = math.floor((n - 1) / 2)
  resources(0, before)
  add("GET", "/json/:id", "json")
  resources(before, n - 1)
end
layout(tonumber(os.getenv("PEER_ROUTES") or "100"))

local function match(method, uri)
  local lit = literal[method]
  local h = lit and lit[uri]
  if h then return h end
  for _, p in ipairs(patterns[method] or {}) do
    local id = uri:match(p[1])
    if id then return p[2], id end
  end
end

function _M.content()
  -- middleware 1: a value on the request
  ngx.ctx.started_at = ngx.now()
  local h, id = match(ngx.req.get_method(), ngx.var.uri)
  if not h then return ngx.exit(404) end
  local status, body = h(id)
  -- middleware 2: looks at the result
  if status >= 500 then ngx.header["Retry-After"] = "1" end
  ngx.status = status
  if body == nil then return ngx.exit(status) end
  ngx.header["Content-Type"] = "application/json"
  local text = cjson.encode(body)
  ngx.header["Content-Length"] = #text
  ngx.print(text)
end

return _M
