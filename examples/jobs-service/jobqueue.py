"""Job queue access shared by the worker and the admin tools."""
import json

import redis

_redis = redis.Redis(host="cache.internal", port=6379)


def next_job(timeout=5):
    # BLPOP waits up to `timeout` seconds for a job to arrive.
    item = _redis.blpop("jobs", timeout=timeout)
    if item is None:
        return None
    return json.loads(item[1])


def push_job(job):
    _redis.rpush("jobs", json.dumps(job))
