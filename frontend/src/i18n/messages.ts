// Every visible string, in English and Simplified Chinese.
export const messages = {
  en: {
    pageTitle: "DigitSite — handwritten digit recognition",
    title: "Draw a digit",
    subtitle: "Draw one digit, 0 to 9, and the network will read it.",
    canvas: "Drawing area: draw a digit here",
    recognise: "Recognise",
    undo: "Undo",
    clear: "Clear",
    shortcuts: "Enter recognises · Backspace or Ctrl+Z undoes · Esc clears",
    working: "Reading…",
    stale: "Changed since: press Recognise",
    result: "It looks like",
    notSure: "Not sure — it might be",
    or: "or",
    probabilities: "Probability of each digit",
    probabilityOf: "Digit {digit}: {percent}",
    preview: "What the model saw (28×28)",
    wrong: "Wrong? Tell us what you meant:",
    meant: "I meant {digit}",
    thanks: "Thanks! Saved as {digit}.",
    notADigit: "That doesn't look like a digit",
    notADigitButton: "Not a digit",
    thanksNotADigit: "Thanks! Saved as not a digit.",
    history: "Your drawings",
    noHistory: "Nothing yet: your drawings will appear here.",
    predicted: "Read as {digit} ({percent})",
    labelled: "you said {digit}",
    labelledNotADigit: "you said: not a digit",
    previous: "Previous",
    next: "Next",
    page: "Page {page} of {pages}",
    language: "Language",
    errorBlank: "Draw a digit first.",
    errorNetwork: "The server could not be reached. Check your connection and try again.",
    errorThrottled: "Too many drawings at once. Wait a moment and try again.",
    errorGeneric: "Something went wrong: {detail}",
    modeDigit: "One digit",
    modeNumber: "A number",
    mode: "What to write",
    numberTitle: "Write a number",
    numberSubtitle: "Write a number, such as a postcode or an amount: digits side by side.",
    numberCanvas: "Drawing area: write a number here",
    numberResult: "It reads",
    numberNotSure: "Not sure — it might read",
    numberConfidence: "{percent} sure of every digit",
    numberDigits: "Each digit and how sure the network is",
    errorBlankNumber: "Write a number first.",
    errorTooManyDigits: "That is more than 20 separate marks. Write fewer digits, each in one piece.",
  },
  zh: {
    pageTitle: "DigitSite — 手写数字识别",
    title: "写一个数字",
    subtitle: "写一个 0 到 9 的数字，神经网络会识别它。",
    canvas: "绘图区：在这里写一个数字",
    recognise: "识别",
    undo: "撤销",
    clear: "清除",
    shortcuts: "回车识别 · 退格或 Ctrl+Z 撤销 · Esc 清除",
    working: "识别中…",
    stale: "画面已改动：请按“识别”",
    result: "看起来是",
    notSure: "不太确定——可能是",
    or: "或",
    probabilities: "每个数字的概率",
    probabilityOf: "数字 {digit}：{percent}",
    preview: "模型看到的图像（28×28）",
    wrong: "识别错了？告诉我们你写的是：",
    meant: "我写的是 {digit}",
    thanks: "谢谢！已记录为 {digit}。",
    notADigit: "这看起来不像数字",
    notADigitButton: "不是数字",
    thanksNotADigit: "谢谢！已记录为“不是数字”。",
    history: "你写过的数字",
    noHistory: "还没有记录：你写的数字会显示在这里。",
    predicted: "识别为 {digit}（{percent}）",
    labelled: "你标注为 {digit}",
    labelledNotADigit: "你标注为：不是数字",
    previous: "上一页",
    next: "下一页",
    page: "第 {page} 页，共 {pages} 页",
    language: "语言",
    errorBlank: "请先写一个数字。",
    errorNetwork: "无法连接服务器，请检查网络后重试。",
    errorThrottled: "提交太频繁了，请稍后再试。",
    errorGeneric: "出错了：{detail}",
    modeDigit: "单个数字",
    modeNumber: "多位数字",
    mode: "写什么",
    numberTitle: "写一串数字",
    numberSubtitle: "写一串数字，例如邮政编码或金额：数字并排书写。",
    numberCanvas: "书写区：在这里写一串数字",
    numberResult: "识别结果",
    numberNotSure: "不太确定，可能是",
    numberConfidence: "每位数字都正确的把握：{percent}",
    numberDigits: "每位数字及神经网络的把握",
    errorBlankNumber: "请先写一串数字。",
    errorTooManyDigits: "超过了 20 个分开的笔画。请少写几位，每位数字一笔连贯写成。",
  },
} as const;

export type Language = keyof typeof messages;
export type MessageKey = keyof (typeof messages)["en"];
/** A message in the current language, its {placeholders} filled. */
export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

/** The language to start with: a saved choice, else the browser's first Chinese or English. */
export function initialLanguage(saved: string | null, browser: readonly string[]): Language {
  if (saved === "en" || saved === "zh") return saved;
  for (const tag of browser) {
    const lower = tag.toLowerCase();
    if (lower.startsWith("zh")) return "zh";
    if (lower.startsWith("en")) return "en";
  }
  return "en";
}

/** Fill {name} placeholders. */
export function format(template: string, values: Record<string, string | number> = {}): string {
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? `{${name}}`));
}
