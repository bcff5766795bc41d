// i18n-micro.js: a micro-step's text in Chinese. The server names each
// micro-step in English (sim/parse_threads.go, gofront): an instruction's
// own words ("load counter -> r0", "lock m", "print ...") and the prose
// around some of them ("atomically add 1 to counter", "back to the loop's
// test", "catch SIGINT: send it on sigs"). The Chinese page keeps the
// instructions, which are the scenario language's and Go's words, and says
// the prose in Chinese, with the words of docs/glossary.md.
// web/js/testdata/micro-texts.json lists every micro-step of the built-in
// lessons (lab: TestMicroTextsListed); i18n-micro.test.mjs checks each.
import { getLang } from './i18n.js';

const REGION = { heap: '堆', stack: '栈', data: '数据段', text: '代码段' };

// A test's suffix: where it jumps when it holds.
function testSuffix(s) {
  return s.replace(/ \(true: jump\)$/, '（为真则跳转）').replace(/ \(true: skip the rest\)$/, '（为真则跳过其余部分）');
}

// RULES: [pattern, Chinese], tried in order on the whole text; the first
// that matches says it. A text none matches is an instruction: kept as it is.
const RULES = [
  [/^(.*?)atomically add (.+) to (\S+) \(the old value\)$/, (_, d, x, v) => `${d}原子地把 ${x} 加到 ${v} 上（旧值）`],
  [/^(.*?)atomically add (.+) to (\S+)$/, (_, d, x, v) => `${d}原子地把 ${x} 加到 ${v} 上`],
  [/^(.*?)atomically swap (\S+) with (.+)$/, (_, d, v, x) => `${d}原子地交换 ${v} 与 ${x}`],
  [/^(.*?)atomically: if (\S+) == (.+) then (\S+) = (.+)$/, (_, d, v, x, w, y) => `${d}原子地：若 ${v} == ${x}，则 ${w} = ${y}`],
  [/^(.*?)atomically load (.+)$/, (_, d, v) => `${d}原子地读取 ${v}`],
  [/^atomically store (.+) -> (.+)$/, (_, x, v) => `原子地写入 ${x} -> ${v}`],
  [/^(.+) = (.+) \+ (.+) \(the new value\)$/, (_, d, x, y) => `${d} = ${x} + ${y}（新值）`],
  [/^test (.+?)( \(true: (?:jump|skip the rest)\))?$/, (_, c, sfx) => testSuffix(`判断 ${c}${sfx || ''}`)],
  [/^back to the loop's test$/, () => '回到循环的判断'],
  [/^back to the receive$/, () => '回到接收'],
  [/^jump over the else part$/, () => '跳过 else 部分'],
  [/^enter critical section$/, () => '进入临界区'],
  [/^leave critical section$/, () => '离开临界区'],
  [/^catch (\S+): send it on (.+)$/, (_, sig, ch) => `捕获 ${sig}：把它发送到 ${ch}`],
  [/^send (.+) on (\S+)$/, (_, v, ch) => `向 ${ch} 发送 ${v}`],
  [/^receive from (\S+) \(or learn it is closed\)$/, (_, ch) => `从 ${ch} 接收（或得知它已关闭）`],
  [/^case: (.+ = )?receive from (.+)$/, (_, d, ch) => `case：${d || ''}从 ${ch} 接收`],
  [/^(.+ = )?receive from (\S+)$/, (_, d, ch) => `${d || ''}从 ${ch} 接收`],
  [/^select: wait until one of (\d+) cases can go on$/, (_, n) => `select：等到 ${n} 个 case 中的一个可以继续`],
  [/^select \{\}: block for ever$/, () => 'select {}：永远阻塞'],
  [/^start a goroutine: (.+)$/, (_, f) => `启动一个 goroutine：${f}`],
  [/^start a timer: (\S+) gets a value in (\d+) ticks?$/, (_, tm, n) => `启动一个定时器：${tm} 在 ${n} 个时钟滴答后得到一个值`],
  [/^sleep (\d+) ticks? \((.+)\)$/, (_, n, d) => `睡眠 ${n} 个时钟滴答（${d}）`],
  [/^the goroutine ends$/, () => '这个 goroutine 结束'],
  [/^main returns: the process exits \(exit (\d+)\)$/, (_, c) => `main 返回：进程退出（exit ${c}）`],
  [/^exit\((\d+)\): every goroutine ends$/, (_, c) => `exit(${c})：所有 goroutine 都结束`],
  [/^(.+ = )?wait for child (\S+) to exit$/, (_, d, c) => `${d || ''}等待子进程 ${c} 退出`],
  [/^wait until (\S+) counter is 0$/, (_, wg) => `等到 ${wg} 的计数为 0`],
  [/^(\S+) counter \+= (.+)$/, (_, wg, n) => `${wg} 的计数 += ${n}`],
  [/^yield the CPU$/, () => '让出 CPU'],
  [/^unlock (\S+) and sleep on (\S+), then lock (\S+) again$/, (_, m, c, m2) => `解锁 ${m} 并在 ${c} 上睡眠，之后再次给 ${m2} 加锁`],
  [/^spin: (.+?) (\S+) until it was 0$/, (_, how, s) => `自旋：对 ${s} 执行 ${how}，直到它原来的值为 0`],
  [/^spin until (.+)$/, (_, c) => `自旋，直到 ${c}`],
  [/^(read|write) (\w+) page (\d+)$/, (_, rw, r, n) => `${rw === 'read' ? '读' : '写'}${REGION[r] || r}的第 ${n} 页`],
];

// microZh is text said in Chinese (see above).
export function microZh(text) {
  for (const [re, say] of RULES) {
    const m = re.exec(text);
    if (m) return say(...m);
  }
  return text;
}

// microText is a micro-step's text in the page's language.
export function microText(text) {
  return text && getLang() === 'zh-CN' ? microZh(text) : text;
}
