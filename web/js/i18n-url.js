// i18n-url.js: the strings of the address and the Share dialog's warning
// for links made at a loopback address (issue 12, part 4), in English and
// Simplified Chinese; i18n.js merges them into its catalogs.

export const urlEn = {
  'url.share.title.live': 'Share the live lab',
  'url.share.help.live': 'Anyone who opens this link on the lab\'s server sees the live lab with this lesson. The processes themselves are not in the link: they run on the server.',
  'url.local.warn': 'This link only works on this computer: it names {host}, which is this machine itself. Students must open the lab at this computer\'s network address.',
  'url.addr.public': 'Public address',
  'url.addr.network': 'On the network',
  'url.addr.asking': 'Looking up this computer\'s network addresses…',
  'url.addr.ok': 'Give students one of these links: the same page at an address they can reach.',
  'url.addr.loopback': 'The lab listens on this computer only, so these addresses do not work yet. Restart it with {flag} to serve the classroom network, then use one of these links.',
  'url.addr.none': 'This computer has no network address that other machines could open the link at.',
  'url.addr.failed': 'Could not ask the lab for this computer\'s network addresses.',
};

export const urlZh = {
  'url.share.title.live': '分享真实进程视图',
  'url.share.help.live': '在同一台 ProcLab 服务器上打开这个链接的人会看到真实进程视图和这一课。链接里不包含进程本身：它们运行在服务器上。',
  'url.local.warn': '这个链接只能在这台电脑上打开：它指向 {host}，也就是本机自己。学生要用这台电脑的网络地址打开 ProcLab。',
  'url.addr.public': '公开地址',
  'url.addr.network': '网络地址',
  'url.addr.asking': '正在查询这台电脑的网络地址…',
  'url.addr.ok': '把下面的链接发给学生：同一个页面，换成他们能访问的地址。',
  'url.addr.loopback': 'ProcLab 服务器目前只在本机监听，所以这些地址暂时打不开。用 {flag} 重新启动它，让教室网络能访问，然后使用下面的链接。',
  'url.addr.none': '这台电脑没有其他机器能用来打开链接的网络地址。',
  'url.addr.failed': '无法向 ProcLab 服务器查询这台电脑的网络地址。',
};
