/**
 * The Redis side of the store: one script per operation, so each is one atomic round trip. Time comes from the
 * Redis server (TIME), so replicas with skewed clocks still share one window.
 */

/** KEYS: requests zset, tokens zset, token weights hash, circuit hash. ARGV: ticket, reqLimit, reqWindow, tokLimit, tokWindow, estimate, hasBreaker, probeLeaseMs, now (-1: Redis TIME). */
export const ADMIT_SCRIPT = `
local now = tonumber(ARGV[9])
if now < 0 then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local ticket = ARGV[1]
local reqLimit, reqWindow = tonumber(ARGV[2]), tonumber(ARGV[3])
local tokLimit, tokWindow, estimate = tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6])
local hasBreaker, lease = ARGV[7] == '1', tonumber(ARGV[8])
local probe, transition = 0, ''
if hasBreaker then
  local b = redis.call('HMGET', KEYS[4], 'state', 'openUntil', 'probeUntil')
  local state = b[1] or 'closed'
  if state ~= 'closed' then
    local openUntil, probeUntil = tonumber(b[2] or '0'), tonumber(b[3] or '0')
    if state == 'open' and now < openUntil then return {0, 'circuit-open', openUntil - now} end
    if probeUntil > now then return {0, 'circuit-open', probeUntil - now} end
    probe = 1
    if state == 'open' then transition = 'open' end
  end
end
if reqLimit > 0 then
  redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - reqWindow)
  local count = redis.call('ZCARD', KEYS[1])
  if count >= reqLimit then
    local oldest = redis.call('ZRANGE', KEYS[1], count - reqLimit, count - reqLimit, 'WITHSCORES')
    return {0, 'requests', math.max(1, tonumber(oldest[2]) + reqWindow - now)}
  end
end
if tokLimit > 0 then
  if estimate > tokLimit then return {0, 'tokens', -1} end
  local expired = redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now - tokWindow)
  if #expired > 0 then
    local freed = 0
    for i = 1, #expired, 500 do
      local batch = {}
      for j = i, math.min(i + 499, #expired) do batch[#batch + 1] = expired[j] end
      local weights = redis.call('HMGET', KEYS[3], unpack(batch))
      for k = 1, #weights do freed = freed + tonumber(weights[k] or '0') end
      redis.call('HDEL', KEYS[3], unpack(batch))
    end
    redis.call('HINCRBY', KEYS[3], '__sum', -freed)
    redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - tokWindow)
  end
  local sum = tonumber(redis.call('HGET', KEYS[3], '__sum') or '0')
  if sum + estimate > tokLimit then
    local needed = sum + estimate - tokLimit
    local entries = redis.call('ZRANGE', KEYS[2], 0, -1, 'WITHSCORES')
    local freed = 0
    for i = 1, #entries, 2 do
      freed = freed + tonumber(redis.call('HGET', KEYS[3], entries[i]) or '0')
      if freed >= needed then return {0, 'tokens', math.max(1, tonumber(entries[i + 1]) + tokWindow - now)} end
    end
    return {0, 'tokens', tokWindow}
  end
end
if reqLimit > 0 then
  redis.call('ZADD', KEYS[1], now, ticket)
  redis.call('PEXPIRE', KEYS[1], reqWindow * 2)
end
if tokLimit > 0 then
  redis.call('ZADD', KEYS[2], now, ticket)
  redis.call('HSET', KEYS[3], ticket, estimate)
  redis.call('HINCRBY', KEYS[3], '__sum', estimate)
  redis.call('PEXPIRE', KEYS[2], tokWindow * 2)
  redis.call('PEXPIRE', KEYS[3], tokWindow * 2)
end
if probe == 1 then redis.call('HSET', KEYS[4], 'state', 'half-open', 'probeUntil', now + lease) end
return {1, probe, transition}
`;

/** KEYS: token weights hash, circuit hash. ARGV: ticket, actual (-1 none), outcome, probe, hasBreaker, mode, threshold, minVolume, windowMs, openMs, now (-1: Redis TIME). */
export const SETTLE_SCRIPT = `
local now = tonumber(ARGV[11])
if now < 0 then
  local t = redis.call('TIME')
  now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local ticket, actual, outcome, probe = ARGV[1], tonumber(ARGV[2]), ARGV[3], ARGV[4] == '1'
if actual >= 0 then
  local old = redis.call('HGET', KEYS[1], ticket)
  if old then
    redis.call('HSET', KEYS[1], ticket, actual)
    redis.call('HINCRBY', KEYS[1], '__sum', actual - tonumber(old))
  end
end
if ARGV[5] ~= '1' then return '' end
if outcome == 'ignored' then
  if probe then redis.call('HSET', KEYS[2], 'probeUntil', 0) end
  return ''
end
local mode, threshold, minVolume = ARGV[6], tonumber(ARGV[7]), tonumber(ARGV[8])
local windowMs, openMs = tonumber(ARGV[9]), tonumber(ARGV[10])
local failed = outcome == 'failure'
local consecutive = 0
if failed then consecutive = redis.call('HINCRBY', KEYS[2], 'consecutive', 1) else redis.call('HSET', KEYS[2], 'consecutive', 0) end
local bucketMs = math.max(1, math.floor(windowMs / 10))
local idx = math.floor(now / bucketMs)
redis.call('HINCRBY', KEYS[2], (failed and 'f:' or 's:') .. idx, 1)
redis.call('HDEL', KEYS[2], 's:' .. (idx - 10), 'f:' .. (idx - 10), 's:' .. (idx - 11), 'f:' .. (idx - 11))
redis.call('PEXPIRE', KEYS[2], math.max(windowMs, openMs) * 4)
if probe then
  if failed then
    redis.call('HSET', KEYS[2], 'state', 'open', 'openUntil', now + openMs, 'probeUntil', 0)
    return 'half-open>open'
  end
  redis.call('HSET', KEYS[2], 'state', 'closed', 'consecutive', 0, 'probeUntil', 0)
  for i = idx - 9, idx do redis.call('HDEL', KEYS[2], 's:' .. i, 'f:' .. i) end
  return 'half-open>closed'
end
local state = redis.call('HGET', KEYS[2], 'state') or 'closed'
if state == 'closed' and failed then
  local trip = false
  if mode == 'consecutive' then
    trip = consecutive >= threshold
  else
    local calls, fails = 0, 0
    for i = idx - 9, idx do
      local pair = redis.call('HMGET', KEYS[2], 's:' .. i, 'f:' .. i)
      local s, f = tonumber(pair[1] or '0'), tonumber(pair[2] or '0')
      calls = calls + s + f
      fails = fails + f
    end
    trip = calls >= minVolume and fails / calls >= threshold
  end
  if trip then
    redis.call('HSET', KEYS[2], 'state', 'open', 'openUntil', now + openMs, 'probeUntil', 0)
    return 'closed>open'
  end
end
return ''
`;
