import { useCallback, useEffect, useRef } from "react";
import { DrawingCanvas } from "./components/DrawingCanvas";
import { History } from "./components/History";
import { ResultPanel } from "./components/ResultPanel";
import { useHistory } from "./hooks/useHistory";
import { useRecognition } from "./hooks/useRecognition";
import { useStrokes } from "./hooks/useStrokes";
import { useI18n } from "./i18n/I18n";
import type { Language } from "./i18n/messages";
import { ApiError } from "./lib/api";
import { strokesToPng } from "./lib/canvas";
import { compactStrokes } from "./lib/strokes";

export function App() {
  const { t, language, setLanguage } = useI18n();
  const { strokes, begin, extend, undo, clear } = useStrokes();
  const history = useHistory();
  const { state, recognise, sendFeedback, reset, fail } = useRecognition(history.refresh);
  const canvasSize = useRef(280);
  const onResize = useCallback((size: number) => {
    canvasSize.current = size;
  }, []);

  const submit = useCallback(() => {
    if (strokes.length === 0) {
      fail(new ApiError(0, "blank_image", ""));
      return;
    }
    void recognise(strokesToPng(strokes, canvasSize.current), compactStrokes(strokes));
  }, [strokes, recognise, fail]);

  const clearAll = useCallback(() => {
    clear();
    reset();
  }, [clear, reset]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement;
      if (target.closest("input, textarea, select")) return; // typing keeps its own meaning
      // On a focused button or link, Enter presses it; the other shortcuts still apply.
      if (event.key === "Enter") {
        if (target.closest("button, a")) return;
        submit();
      }
      else if (event.key === "Escape") clearAll();
      else if (event.key === "Backspace" || ((event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "z")) undo();
      else return;
      event.preventDefault();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [submit, clearAll, undo]);

  return (
    <main className="app">
      <header className="app-header">
        <div>
          <h1>{t("title")}</h1>
          <p className="subtitle">{t("subtitle")}</p>
        </div>
        <label className="language">
          <span className="visually-hidden">{t("language")}</span>
          <select aria-label={t("language")} value={language} onChange={(e) => setLanguage(e.target.value as Language)}>
            <option value="en">English</option>
            <option value="zh">简体中文</option>
          </select>
        </label>
      </header>
      <div className="workspace">
        <section className="draw">
          <DrawingCanvas strokes={strokes} label={t("canvas")} onBegin={begin} onExtend={extend} onResize={onResize} />
          <div className="controls">
            <button type="button" className="primary" onClick={submit} disabled={state.status === "working"}>
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
        <ResultPanel state={state} onFeedback={sendFeedback} />
      </div>
      <History history={history} />
    </main>
  );
}
