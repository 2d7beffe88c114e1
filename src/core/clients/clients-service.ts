import type { CallContext } from '../api/context'
import type { Client } from '../api/types'
import { fail, refuse } from '../domain/errors'
import type { ClientsRepo } from './clients-repo'

/** The client registry: individuals known by their IIN (R1.1.7). */
export class ClientsService {
  constructor(
    private readonly repo: ClientsRepo,
    private readonly newId: () => string
  ) {}

  list(ctx: CallContext, query: string | undefined, limit: number): Client[] {
    return this.repo.search(query, ctx.participantScope, limit)
  }

  create(ctx: CallContext, input: { iin: string; name: string }): Client {
    ctx.subject = input.iin
    const taken = this.repo.byIin(input.iin)
    if (taken) refuse('CONFLICT', 'registry.iin_taken', { iin: input.iin, name: taken.name }, `a client with IIN ${input.iin} is already registered (${taken.name})`)
    return this.repo.insert({ id: this.newId(), iin: input.iin, name: input.name, createdAt: ctx.now })
  }

  /** Corrects the name; the IIN is who the client is (R1.1.7) and is not changed. The audit record's detail keeps the new name. */
  update(ctx: CallContext, clientId: string, name: string): Client {
    const client = this.repo.get(clientId)
    if (!client) return refuse('NOT_FOUND', 'registry.no_client', { id: clientId }, `no client ${clientId}`)
    ctx.subject = client.iin
    // Participant staff reach only the clients they list: those with an account at their bank.
    const scope = ctx.participantScope
    if (scope && !this.repo.hasAccountAt(client.id, scope)) fail('OUT_OF_SCOPE', 'that client has no account at your bank')
    if (client.name === name) refuse('CONFLICT', 'registry.client_name_unchanged', { iin: client.iin, name }, `client ${client.iin} is already named ${name}`)
    const renamed = this.repo.rename(client.id, name)
    ctx.recordChange(client, { name: renamed.name })
    return renamed
  }
}
