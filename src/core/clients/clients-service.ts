import type { CallContext } from '../api/context'
import type { Client } from '../api/types'
import { refuse } from '../domain/errors'
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
}
