import { createApp } from 'vue'
import { createI18n } from 'vue-i18n'
import en from '../locales/pin/en.json'
import kk from '../locales/pin/kk.json'
import ru from '../locales/pin/ru.json'
import PinDialog from './PinDialog.vue'

// The PIN dialog's page: its own small app, with only its own messages (precompiled, CSP-safe). The host gives
// it window.pinDialog (the request, the user's language, and where the answer goes) and nothing else.
const i18n = createI18n({
  legacy: false,
  locale: 'ru',
  fallbackLocale: 'en',
  messages: { en, kk, ru },
  missingWarn: !import.meta.env.PROD,
  fallbackWarn: false
})

createApp(PinDialog, { bridge: window.pinDialog ?? null }).use(i18n).mount('#pin')
