import { createRouter, createWebHashHistory, type RouteRecordRaw } from 'vue-router'
import type { Permission } from '@core/api/types'
import { useSessionStore } from '../stores/session'

declare module 'vue-router' {
  interface RouteMeta {
    /** The permission a screen needs; the navigation shows only what the user holds. */
    permission?: Permission
    /** The navigation label's message key and the data-test name of its menu item. */
    nav: string
  }
}

export const routes: RouteRecordRaw[] = [
  { path: '/', name: 'overview', component: () => import('../views/overview/OverviewView.vue'), meta: { nav: 'overview' } },
  { path: '/users', name: 'users', component: () => import('../views/users/UsersView.vue'), meta: { nav: 'users', permission: 'users.read' } },
  { path: '/approvals', name: 'approvals', component: () => import('../views/approvals/ApprovalsView.vue'), meta: { nav: 'approvals', permission: 'users.approve' } },
  { path: '/audit', name: 'audit', component: () => import('../views/audit/AuditView.vue'), meta: { nav: 'audit', permission: 'audit.read' } },
  { path: '/settings', name: 'settings', component: () => import('../views/settings/SecuritySettingsView.vue'), meta: { nav: 'settings', permission: 'settings.manage' } },
  { path: '/backups', name: 'backups', component: () => import('../views/backups/BackupsView.vue'), meta: { nav: 'backups', permission: 'backups.read' } },
  { path: '/participants', name: 'participants', component: () => import('../views/participants/ParticipantsView.vue'), meta: { nav: 'participants', permission: 'participants.read' } },
  { path: '/terminals', name: 'terminals', component: () => import('../views/terminals/TerminalsView.vue'), meta: { nav: 'terminals', permission: 'terminals.read' } },
  { path: '/operations', name: 'operations', component: () => import('../views/operations/OperationsView.vue'), meta: { nav: 'operations', permission: 'operations.read' } },
  { path: '/operations/:seq(\\d+)', name: 'operation', component: () => import('../views/operations/OperationDetailView.vue'), meta: { nav: '', permission: 'operations.read' } },
  { path: '/clients', name: 'clients', component: () => import('../views/clients/ClientsView.vue'), meta: { nav: 'clients', permission: 'clients.read' } },
  { path: '/accounts', name: 'accounts', component: () => import('../views/accounts/AccountsView.vue'), meta: { nav: 'accounts', permission: 'clients.read' } },
  { path: '/instruments', name: 'instruments', component: () => import('../views/instruments/InstrumentsView.vue'), meta: { nav: 'instruments', permission: 'clients.read' } },
  { path: '/rates', name: 'rates', component: () => import('../views/rates/RatesView.vue'), meta: { nav: 'rates', permission: 'operations.read' } },
  { path: '/opday', name: 'opday', component: () => import('../views/opday/OpdayView.vue'), meta: { nav: 'opday', permission: 'clearing.read' } },
  { path: '/clearing', name: 'clearing-latest', component: () => import('../views/clearing/ClearingResultView.vue'), meta: { nav: 'clearing', permission: 'clearing.read' } },
  { path: '/clearing/:day(\\d{4}-\\d{2}-\\d{2})', name: 'clearing', component: () => import('../views/clearing/ClearingResultView.vue'), meta: { nav: '', permission: 'clearing.read' } },
  { path: '/settlement/:day(\\d{4}-\\d{2}-\\d{2})', name: 'settlement', component: () => import('../views/settlement/SettlementView.vue'), meta: { nav: '', permission: 'clearing.read' } },
  { path: '/fees', name: 'fees', component: () => import('../views/fees/FeesView.vue'), meta: { nav: 'fees', permission: 'clearing.read' } },
  { path: '/reports', name: 'reports', component: () => import('../views/reports/ReportsView.vue'), meta: { nav: 'reports', permission: 'reports.read' } },
  { path: '/messages', name: 'messages', component: () => import('../views/messages/MessagesView.vue'), meta: { nav: 'messages', permission: 'messages.read' } },
  { path: '/messages/:id(\\d+)', name: 'message', component: () => import('../views/messages/MessageDetailView.vue'), meta: { nav: '', permission: 'messages.read' } },
  { path: '/documents', name: 'documents', component: () => import('../views/documents/DocumentsView.vue'), meta: { nav: 'documents', permission: 'documents.read' } },
  { path: '/documents/new', name: 'document-compose', component: () => import('../views/documents/DocumentComposeView.vue'), meta: { nav: '', permission: 'documents.send' } },
  { path: '/documents/:id([0-9A-Z]{26})', name: 'document', component: () => import('../views/documents/DocumentView.vue'), meta: { nav: '', permission: 'documents.read' } },
  { path: '/disputes', name: 'disputes', component: () => import('../views/disputes/DisputesView.vue'), meta: { nav: 'disputes', permission: 'disputes.read' } },
  { path: '/disputes/new', name: 'dispute-file', component: () => import('../views/disputes/DisputeFileView.vue'), meta: { nav: '', permission: 'disputes.file' } },
  { path: '/disputes/:id([0-9A-Z]{26})', name: 'dispute', component: () => import('../views/disputes/DisputeCaseView.vue'), meta: { nav: '', permission: 'disputes.read' } },
  { path: '/tokens', name: 'tokens', component: () => import('../views/tokens/TokensView.vue'), meta: { nav: 'tokens' } },
  { path: '/trust', name: 'trust', component: () => import('../views/trust/TrustView.vue'), meta: { nav: 'trust' } },
  { path: '/:rest(.*)*', redirect: '/' }
]

// Hash history: the app is served from a custom origin (app://, or the Chromium host's) with no server routes.
export const router = createRouter({ history: createWebHashHistory(), routes })

router.beforeEach((to) => {
  const permission = to.meta.permission
  if (permission && !useSessionStore().can(permission)) return { name: 'overview' }
  return true
})
