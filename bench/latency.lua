-- wrk script: after the run, prints one machine-readable line with throughput and
-- latency percentiles (wrk records latency per request, in microseconds).
--
--   wrk -t2 -c64 -d15s -s bench/latency.lua http://127.0.0.1:8080/api/v1/zones?region=west
--
-- Output: RESULT rps=… requests=… bytes=… p50_ms=… p90_ms=… p99_ms=… max_ms=… errors=…

function done(summary, latency, requests)
   local seconds = summary.duration / 1e6
   local e = summary.errors
   local errors = e.connect + e.read + e.write + e.status + e.timeout
   io.write(string.format(
      "RESULT rps=%.1f requests=%d bytes=%d p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f max_ms=%.3f errors=%d non2xx=%d\n",
      summary.requests / seconds,
      summary.requests,
      summary.bytes,
      latency:percentile(50) / 1000,
      latency:percentile(90) / 1000,
      latency:percentile(99) / 1000,
      latency.max / 1000,
      errors,
      e.status))
end
