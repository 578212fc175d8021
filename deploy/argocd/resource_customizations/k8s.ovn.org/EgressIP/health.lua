-- Argo CD health of a k8s.ovn.org/v1 EgressIP (gopher-lua, Lua 5.1; base, string and table
-- functions only). The controller writes status.items with each IP as Go's net.IP.String()
-- prints it, so spec IPs are parsed and printed the same way before they are compared.
--   Healthy:     every spec IP is in status.items.
--   Progressing: none or some are, and the controller has given no reason (not assigned yet, or
--                waiting for its turn).
--   Degraded:    some are not and the controller says why on the object (annotation
--                ovnkit.io/unassigned-egress-ips: no node can host them, a host IP conflict, an IP
--                held by another EgressIP), or a spec entry is not an IP (the controller rejects
--                the whole object, InvalidEgressIP, until the spec is fixed).
local hs = {}

local function ipv4Bytes(s)
  local out = {}
  for part in string.gmatch(s .. ".", "([^.]*)%.") do
    -- Go rejects leading zeros ("010"), which would be ambiguous (octal).
    if not (string.match(part, "^0$") or string.match(part, "^[1-9]%d?%d?$")) then return nil end
    local n = tonumber(part)
    if n > 255 then return nil end
    table.insert(out, n)
  end
  if #out ~= 4 then return nil end
  return out
end

local function groupBytes(part, into)
  if part == "" then return true end
  for g in string.gmatch(part .. ":", "([^:]*):") do
    if not string.match(g, "^%x%x?%x?%x?$") then return false end
    local n = tonumber(g, 16)
    table.insert(into, (n - n % 256) / 256)
    table.insert(into, n % 256)
  end
  return true
end

local function ipv6Bytes(s)
  local head, tail = s, {}
  if string.find(s, ".", 1, true) then
    local lastColon = string.match(s, "^.*():")
    local v4 = ipv4Bytes(string.sub(s, lastColon + 1))
    if not v4 then return nil end
    tail = v4
    head = string.sub(s, 1, lastColon)
    if string.sub(head, -2) ~= "::" then head = string.sub(head, 1, -2) end
  end
  local dc = string.find(head, "::", 1, true)
  local bytes = {}
  if dc then
    if string.find(head, "::", dc + 1, true) then return nil end
    local left, right = {}, {}
    if not groupBytes(string.sub(head, 1, dc - 1), left) then return nil end
    if not groupBytes(string.sub(head, dc + 2), right) then return nil end
    local missing = 16 - #left - #right - #tail
    if missing < 2 then return nil end
    for _, b in ipairs(left) do table.insert(bytes, b) end
    for _ = 1, missing do table.insert(bytes, 0) end
    for _, b in ipairs(right) do table.insert(bytes, b) end
  elseif not groupBytes(head, bytes) then
    return nil
  end
  for _, b in ipairs(tail) do table.insert(bytes, b) end
  if #bytes ~= 16 then return nil end
  return bytes
end

-- Parse, then print as Go's net.IP.String(); nil when the text is not an IP.
local function canonicalIp(s)
  if type(s) ~= "string" then return nil end
  if not string.find(s, ":", 1, true) then
    local b = ipv4Bytes(s)
    return b and table.concat(b, ".")
  end
  local b = ipv6Bytes(s)
  if not b then return nil end
  local mapped = b[11] == 255 and b[12] == 255
  for i = 1, 10 do
    if b[i] ~= 0 then mapped = false end
  end
  if mapped then return b[13] .. "." .. b[14] .. "." .. b[15] .. "." .. b[16] end
  local groups = {}
  for i = 1, 16, 2 do table.insert(groups, b[i] * 256 + b[i + 1]) end
  -- RFC 5952: the longest run of two or more zero groups (the first on ties) becomes "::".
  local bestStart, bestLen, i = 0, 0, 1
  while i <= 8 do
    if groups[i] ~= 0 then
      i = i + 1
    else
      local j = i
      while j <= 8 and groups[j] == 0 do j = j + 1 end
      if j - i > bestLen then bestStart, bestLen = i, j - i end
      i = j
    end
  end
  local hex = {}
  for k = 1, 8 do hex[k] = string.format("%x", groups[k]) end
  if bestLen < 2 then return table.concat(hex, ":") end
  local left = table.concat(hex, ":", 1, bestStart - 1)
  local right = table.concat(hex, ":", bestStart + bestLen, 8)
  return left .. "::" .. right
end

local name = (obj.metadata and obj.metadata.name) or "?"
local specIPs = (obj.spec and obj.spec.egressIPs) or {}
local assigned = {}
if obj.status and obj.status.items then
  for _, item in ipairs(obj.status.items) do
    if item.egressIP then assigned[item.egressIP] = item.node or "?" end
  end
end

local annotations = (obj.metadata and obj.metadata.annotations) or {}
local reason = annotations["ovnkit.io/unassigned-egress-ips"]

local placed, missing = {}, {}
for _, ip in ipairs(specIPs) do
  local canonical = canonicalIp(ip)
  if canonical == nil then
    hs.status = "Degraded"
    -- Worded as the controller's (and ovn-kubernetes') InvalidEgressIP event.
    hs.message = "egress IP: " .. tostring(ip) .. " for object EgressIP: " .. name .. " is not a valid IP address"
    return hs
  end
  if assigned[canonical] then
    table.insert(placed, canonical .. " on " .. assigned[canonical])
  else
    table.insert(missing, canonical)
  end
end

if #missing == 0 then
  hs.status = "Healthy"
  if #placed == 0 then
    hs.message = "no egress IPs requested"
  else
    hs.message = "assigned: " .. table.concat(placed, ", ")
  end
elseif reason then
  hs.status = "Degraded"
  hs.message = "cannot assign " .. table.concat(missing, ", ") .. ": " .. reason
elseif #placed == 0 then
  hs.status = "Progressing"
  hs.message = "waiting for a node to host " .. table.concat(missing, ", ")
else
  hs.status = "Progressing"
  hs.message = #placed .. " of " .. (#placed + #missing) .. " egress IPs assigned (" ..
    table.concat(placed, ", ") .. "); waiting for a node to host " .. table.concat(missing, ", ")
end
return hs
