-- wrk script (bench/put-path/run): PUT BENCH_SIZE bytes to <url path><prefix><thread>-<n>, a new key per
-- request, as the shared harness's put.lua does; prints one JSON line.
local size = tonumber(os.getenv("BENCH_SIZE") or "4096")
local prefix = os.getenv("BENCH_PREFIX") or ("p-" .. os.time() .. "-")
local chunk = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ+/"
local body = string.rep(chunk, math.floor(size / #chunk)) .. string.sub(chunk, 1, size % #chunk)
local hdrs = { ["Content-Type"] = "application/octet-stream" }
local n = 0
local nthreads = 0

function setup(thread)
  thread:set("tid", nthreads)
  nthreads = nthreads + 1
end

function request()
  n = n + 1
  return wrk.format("PUT", wrk.path .. prefix .. tostring(tid) .. "-" .. n, hdrs, body)
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    '{"requests":%d,"duration_us":%.0f,"p50_us":%.0f,"p99_us":%.0f,"errors":%d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    e.connect + e.read + e.write + e.status + e.timeout))
end
