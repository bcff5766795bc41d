// i18n-marks.js: the strings of the marks that say what the shown step did
// (issue 12, part 3): the process table's changed cells and new rows, in
// English and Simplified Chinese, merged into the catalogs by i18n.js.
// Words follow docs/glossary.md.
export const marksEn = {
  'marks.was': 'changed in step {n}; it was {old}',
  'marks.new': 'new in step {n}',
  'marks.legend': 'changed in this step',
  'marks.legend.title': 'The cells that changed in the step shown are highlighted until the next step; hover one to see what it was.',
};

export const marksZh = {
  'marks.was': '在第 {n} 步改变；之前是 {old}',
  'marks.new': '在第 {n} 步新出现',
  'marks.legend': '这一步有变化',
  'marks.legend.title': '所示步骤中改变的单元格会一直高亮到下一步；把鼠标移到上面可以看到它之前的值。',
};
