// i18n-grade.js: the strings of "you are the scheduler"'s grade card (what
// the score compares with: the best schedule reachable under the rule the
// student played) and of the lock panels' live counters (contended
// acquisitions, waiters now, total and longest wait), in English and
// Simplified Chinese (issue 12, parts 6 and 7); i18n.js merges them in.

export const gradeEn = {
  // grade card (part 6)
  'g.ref.nonpreemptive': 'Compared with the best non-preemptive schedule ({how}): {w}.',
  'g.ref.quantum': 'Compared with the best schedule choosing at each quantum’s end (q={q}) ({how}): {w}.',
  'g.ref.sjf': 'SJF, from the first choice on: {order}',
  'g.ref.srtf': 'as good as SRTF, from the first choice on: {order}',
  'g.ref.search': 'found by search, from the first choice on: {order}',
  'g.ref.inexact': 'The search stopped at its limit: this is the best schedule it found, not proven the best.',
  'g.ref.beats': 'Picking a longer job can be better: this schedule waits less than SJF’s.',
  'g.how': 'Score = 100 × the best reachable schedule’s average waiting time ÷ yours, rounded; 100 only when yours is as good.',
  'g.perfect': 'Perfect: no schedule you could make waits less',
  'g.line': 'Your average waiting time is {you}. The best policy in the table, {best}, waits {bw} on average.',
  'g.departure': 'You left the best schedule at t={t}: you chose {chosen}, where the best schedule runs {best}.',
  'g.replay': 'Replay the best schedule',
  // lock panels (part 7)
  'lk.stat.waiting': '{n} waiting now',
  'lk.live': 'Counted as it happens: a thread counts as contended from the step it finds the lock held, and its wait so far is in the total.',
  'lk.waiting.since': '{p} waits since step {t} ({n} ticks)',
  'lk.spinning.since': '{p} spins since step {t} ({n} ticks)',
  'lk.waiting.since.one': '{p} waits since step {t} ({n} tick)',
  'lk.spinning.since.one': '{p} spins since step {t} ({n} tick)',
};

export const gradeZh = {
  'g.ref.nonpreemptive': '参照：最佳的非抢占调度（{how}）：{w}。',
  'g.ref.quantum': '参照：在每个时间片结束时选择的最佳调度（q={q}）（{how}）：{w}。',
  'g.ref.sjf': '短作业优先 SJF，从第一次选择起依次为 {order}',
  'g.ref.srtf': '与最短剩余时间优先 SRTF 一样好，从第一次选择起依次为 {order}',
  'g.ref.search': '由搜索找到，从第一次选择起依次为 {order}',
  'g.ref.inexact': '搜索达到了上限：这是它找到的最好调度，并未证明是最优。',
  'g.ref.beats': '先选较长的作业也可能更好：这个调度的等待时间比短作业优先 SJF 更少。',
  'g.how': '得分 = 100 × 可达到的最佳调度的平均等待时间 ÷ 你的平均等待时间，四舍五入；只有和它一样好时才是 100。',
  'g.perfect': '完美：你能做出的调度里没有等待更少的',
  'g.line': '你的平均等待时间是 {you}。表中最佳算法 {best} 的平均等待时间是 {bw}。',
  'g.departure': '你在 t={t} 偏离了最佳调度：你选择了 {chosen}，而最佳调度此时运行 {best}。',
  'g.replay': '重放最佳调度',
  'lk.stat.waiting': '正在等待 {n} 个',
  'lk.live': '实时计数：线程从发现锁被占用的那一步起就算一次争用，它已经等待的时间计入总等待。',
  'lk.waiting.since': '{p} 从第 {t} 步起等待（{n} 个时钟滴答）',
  'lk.spinning.since': '{p} 从第 {t} 步起自旋（{n} 个时钟滴答）',
  'lk.waiting.since.one': '{p} 从第 {t} 步起等待（{n} 个时钟滴答）',
  'lk.spinning.since.one': '{p} 从第 {t} 步起自旋（{n} 个时钟滴答）',
};
