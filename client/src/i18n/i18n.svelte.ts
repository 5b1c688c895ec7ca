import { DEFAULT_RUBRICS, isDefaultCategory, type DefaultCategory } from '../../../shared/categories.js';
import { dictionaries, format, LANGUAGES, type Language, type MessageKey } from './messages.js';

const STORAGE_KEY = 'arena.lang';

const TRANSLATED_RUBRICS: Partial<Record<DefaultCategory, MessageKey>> = { harmful_content: 'rubric.harmful_content' };

function isLanguage(value: unknown): value is Language {
  return (LANGUAGES as readonly unknown[]).includes(value);
}

/** The remembered choice if any, else the browser's preference: any Chinese variant gets Simplified Chinese. */
function initialLanguage(): Language {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (isLanguage(stored)) return stored;
  } catch {
    // Storage can be disabled (privacy settings); the browser preference still works.
  }
  const preferred = typeof navigator === 'undefined' ? '' : navigator.language;
  return preferred.toLowerCase().startsWith('zh') ? 'zh-Hans' : 'en';
}

class I18n {
  lang = $state<Language>(initialLanguage());

  constructor() {
    this.applyToDocument();
  }

  setLanguage(lang: Language): void {
    this.lang = lang;
    try {
      localStorage.setItem(STORAGE_KEY, lang);
    } catch {
      // Not remembered across visits, but the switch still applies now.
    }
    this.applyToDocument();
  }

  private applyToDocument(): void {
    if (typeof document !== 'undefined') document.documentElement.lang = this.lang;
  }
}

export const i18n = new I18n();

/** The current language's text for `key`. Reading it inside a template or `$derived` makes that re-run on a switch. */
export function t(key: MessageKey, params?: Record<string, string | number>): string {
  return format(dictionaries[i18n.lang][key], params);
}

/** Default categories are translated here; a set's own category keeps the name the set gave it. */
export function categoryLabel(id: string, nameFromServer?: string): string {
  if (isDefaultCategory(id)) return t(`category.${id}`);
  return nameFromServer ?? id;
}

/** The stock rubric is translated; a rubric an organizer wrote is shown as written. */
export function rubricText(categoryId: string, rubric: string): string {
  if (!isDefaultCategory(categoryId) || DEFAULT_RUBRICS[categoryId] !== rubric) return rubric;
  const key = TRANSLATED_RUBRICS[categoryId];
  return key === undefined ? rubric : t(key);
}
