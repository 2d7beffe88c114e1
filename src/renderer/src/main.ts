import { createApp } from 'vue'
import { createPinia } from 'pinia'
import ElementPlus from 'element-plus'
import 'element-plus/dist/index.css'
import './styles.css'
import App from './App.vue'
import { i18n } from './i18n'
import { router } from './router'

// Bootstrap order: i18n → pinia → router → mount.
createApp(App).use(i18n).use(createPinia()).use(router).use(ElementPlus).mount('#app')
