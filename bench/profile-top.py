"""Summarises a CPU profile in collapsed-stack form (async-profiler's `collapsed` output with `threads`,
as bench/lib.sh's PROFILER option writes it): the share of each thread, and the frames with the most
samples of their own. Usage: python3 bench/profile-top.py FILE [frames, default 30]"""
import collections
import re
import sys

threads, own = collections.Counter(), collections.Counter()
for line in open(sys.argv[1]):
    stack, count = line.rsplit(' ', 1)
    frames = stack.split(';')
    # "[store-writer tid=123]": the thread's name without its numbers, so pools add up
    thread = re.sub(r' tid=\d+\]$', '', frames[0]).lstrip('[')
    thread = re.sub(r'(?<![A-Za-z])\d+', 'N', re.sub(r'\[[0-9a-f]+\]', '', thread))
    threads[thread] += int(count)
    own[(thread, frames[-1])] += int(count)
total = sum(threads.values())
print('| thread | share of the hub\'s CPU samples |\n|---|---|')
for thread, n in threads.most_common(12):
    print('| %s | %.1f%% |' % (thread, 100 * n / total))
print('\n| frame (own samples) | thread | share |\n|---|---|---|')
for (thread, frame), n in own.most_common(int(sys.argv[2]) if len(sys.argv) > 2 else 30):
    print('| `%s` | %s | %.1f%% |' % (frame[:90], thread, 100 * n / total))
