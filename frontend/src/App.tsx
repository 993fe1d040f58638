import { useCallback, useRef, useState } from "react";
import { DrawingCanvas } from "./features/drawing/DrawingCanvas";
import { History } from "./features/history/History";
import { DigitBoxes, NumberResult } from "./features/number/NumberResult";
import { ResultPanel } from "./features/digit/ResultPanel";
import { useHistory } from "./features/history/useHistory";
import { useNumberReading } from "./features/number/useNumberReading";
import { useRecognition } from "./features/digit/useRecognition";
import { useShortcuts } from "./features/drawing/useShortcuts";
import { useStrokes } from "./features/drawing/useStrokes";
import { useI18n } from "./i18n/I18n";
import type { Language } from "./i18n/messages";
import { ApiError } from "./lib/api";
import { EXPORT_SIZE, strokesToPng } from "./lib/canvas";
import { compactStrokes, scaleStrokes } from "./lib/strokes";

type Mode = "digit" | "number";
const NUMBER_ASPECT = 3; // a wide canvas: a postcode or an amount, digits side by side

export function App() {
  const { t, language, setLanguage } = useI18n();
  const [mode, setMode] = useState<Mode>("digit");
  const { strokes, begin, extend, undo, clear } = useStrokes();
  const history = useHistory();
  const { state, recognise, sendFeedback, reset, fail } = useRecognition(history.refresh);
  const numbers = useNumberReading(history.refresh);
  const aspect = mode === "number" ? NUMBER_ASPECT : 1;
  const canvasWidth = useRef(280);
  const onResize = useCallback((width: number) => {
    canvasWidth.current = width;
  }, []);

  const submit = useCallback(() => {
    const failWith = mode === "number" ? numbers.fail : fail;
    if (strokes.length === 0) {
      failWith(new ApiError(0, "blank_image", ""));
      return;
    }
    const png = strokesToPng(strokes, canvasWidth.current, undefined, aspect);
    if (mode === "number") {
      // In the image's own pixels: the server separates touching digits by their strokes.
      const exported = scaleStrokes(strokes, canvasWidth.current, Math.round(EXPORT_SIZE * aspect));
      void numbers.read(png, compactStrokes(exported));
    } else {
      void recognise(png, compactStrokes(strokes));
    }
  }, [strokes, recognise, fail, numbers.read, numbers.fail, mode, aspect]);

  const clearAll = useCallback(() => {
    clear();
    reset();
    numbers.reset();
  }, [clear, reset, numbers.reset]);

  const switchTo = (next: Mode) => {
    if (next !== mode) {
      clearAll();
      setMode(next);
    }
  };
  const working = (mode === "number" ? numbers.state : state).status === "working";

  useShortcuts({ submit, clear: clearAll, undo });

  return (
    <main className="app">
      <header className="app-header">
        <div>
          <h1>{t(mode === "number" ? "numberTitle" : "title")}</h1>
          <p className="subtitle">{t(mode === "number" ? "numberSubtitle" : "subtitle")}</p>
        </div>
        <label className="language">
          <span className="visually-hidden">{t("language")}</span>
          <select aria-label={t("language")} value={language} onChange={(e) => setLanguage(e.target.value as Language)}>
            <option value="en">English</option>
            <option value="zh">简体中文</option>
          </select>
        </label>
      </header>
      <div className="modes" role="group" aria-label={t("mode")}>
        {(["digit", "number"] as const).map((option) => (
          <button key={option} type="button" aria-pressed={mode === option} onClick={() => switchTo(option)}>
            {t(option === "digit" ? "modeDigit" : "modeNumber")}
          </button>
        ))}
      </div>
      <div className={mode === "number" ? "workspace number-mode" : "workspace"}>
        <section className="draw">
          <DrawingCanvas
            key={mode}
            strokes={strokes}
            label={t(mode === "number" ? "numberCanvas" : "canvas")}
            onBegin={begin}
            onExtend={extend}
            onResize={onResize}
            aspect={aspect}
          >
            {mode === "number" && numbers.state.status === "done" && <DigitBoxes reading={numbers.state.result} />}
          </DrawingCanvas>
          <div className="controls">
            <button type="button" className="primary" onClick={submit} disabled={working}>
              {t("recognise")}
            </button>
            <button type="button" onClick={undo} disabled={strokes.length === 0}>
              {t("undo")}
            </button>
            <button type="button" onClick={clearAll}>
              {t("clear")}
            </button>
          </div>
          <p className="shortcuts">{t("shortcuts")}</p>
        </section>
        {mode === "number" ? (
          <NumberResult state={numbers.state} />
        ) : (
          <ResultPanel state={state} onFeedback={sendFeedback} />
        )}
      </div>
      <History history={history} />
    </main>
  );
}
