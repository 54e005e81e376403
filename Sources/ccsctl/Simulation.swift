import CCSDCore
import CCSDTime
import Foundation

/// Drives one person's supervision engine over virtual time and renders what happens.
struct Simulation {
    let person: PersonRecord
    let policy: Policy
    let acceptProposals: Bool

    func run(checkIns: [CheckIn], until end: Instant) -> Timeline {
        var engine = Supervision(person: person, policy: policy)
        var actions: [Action] = []
        var pending = checkIns.filter { $0.at < end }[...]
        while true {
            let nextInput = pending.first.map(\.at) ?? end
            let step = min(nextInput, end, engine.nextDeadline ?? end)
            var batch = engine.advance(to: step)
            if let checkIn = pending.first, checkIn.at == step {
                pending.removeFirst()
                batch += (try? engine.apply(.checkIn(checkIn), at: step)) ?? []
            }
            var index = 0
            while acceptProposals, index < batch.count {
                if case .proposal(let proposal) = batch[index].kind {
                    let decision = Input.decide(proposal: proposal.id, .accepted, by: "simulation")
                    batch += (try? engine.apply(decision, at: batch[index].at)) ?? []
                }
                index += 1
            }
            actions += batch
            if step >= end { break }
        }
        return Timeline(actions: actions)
    }
}
