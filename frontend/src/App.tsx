import { useState } from "react";
import { digitMode } from "./features/digit/mode";
import { StoredDrawing } from "./features/digit/StoredDrawing";
import type { Mode } from "./features/drawing/mode";
import { History } from "./features/history/History";
import { useHistory } from "./features/history/useHistory";
import { numberMode } from "./features/number/mode";
import { PrivacyNote } from "./features/privacy/PrivacyNote";
import { useI18n } from "./i18n/I18n";
import { LanguageSelect } from "./i18n/LanguageSelect";
import { ThemeSelect } from "./theme/ThemeSelect";

const MODES: readonly Mode[] = [digitMode, numberMode];

/** The page: a title, the mode switch, the chosen mode's workspace, this browser's history. */
export function App() {
  const { t } = useI18n();
  const [mode, setMode] = useState<Mode>(digitMode);
  const history = useHistory();

  return (
    <main className="app">
      <header className="app-header">
        <div>
          <h1>{t(mode.title)}</h1>
          <p className="subtitle">{t(mode.subtitle)}</p>
        </div>
        <div className="settings">
          <LanguageSelect />
          <ThemeSelect />
        </div>
      </header>
      <div className="modes" role="group" aria-label={t("mode")}>
        {MODES.map((option) => (
          <button key={option.name} type="button" aria-pressed={mode === option} onClick={() => setMode(option)}>
            {t(option.button)}
          </button>
        ))}
      </div>
      {/* Keyed by mode: switching starts a new drawing with no answer, as Clear would. */}
      <mode.Workspace key={mode.name} onStored={history.refresh} deleted={history.deleted} />
      <History
        history={history}
        renderOpened={(item, onFeedback) => <StoredDrawing recognition={item} onFeedback={onFeedback} />}
      />
      <PrivacyNote />
    </main>
  );
}
