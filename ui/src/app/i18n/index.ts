import i18n from 'i18next';
import LanguageDetector from 'i18next-browser-languagedetector';
import { initReactI18next } from 'react-i18next';
import { en } from './en';
import { fr } from './fr';

export const languages = [
  { value: 'en', label: 'English' },
  { value: 'fr', label: 'Français' },
] as const;

/**
 * English and French, picked from the browser's languages and switchable in the shell. The
 * detector looks only at the browser and caches nowhere: nothing goes to storage or cookies.
 */
export function setUpI18n(language?: string) {
  if (!i18n.isInitialized) {
    void i18n
      .use(LanguageDetector)
      .use(initReactI18next)
      .init({
        resources: { en: { translation: en }, fr: { translation: fr } },
        lng: language,
        fallbackLng: 'en',
        supportedLngs: ['en', 'fr'],
        nonExplicitSupportedLngs: true,
        load: 'languageOnly',
        interpolation: { escapeValue: false },
        detection: { order: ['navigator', 'htmlTag'], caches: [] },
        initAsync: false,
      });
    i18n.on('languageChanged', (lng) => {
      document.documentElement.lang = lng;
    });
    document.documentElement.lang = i18n.resolvedLanguage ?? 'en';
  } else if (language) {
    void i18n.changeLanguage(language);
  }
  return i18n;
}
