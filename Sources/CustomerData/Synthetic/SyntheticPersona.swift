/// The hidden persona of a synthetic customer, which drives the customer's
/// attributes and behaviour.
///
/// Personas are not a column of `customers.csv`; the generator writes them to
/// `personas.csv` as ground truth for evaluations. `fixtures/README.md`
/// describes each persona's parameters.
public enum SyntheticPersona: String, CaseIterable, Sendable, Codable {
    /// Many visits and email clicks, small baskets, weekend evenings, mostly web.
    case bargainHunter = "bargain_hunter"
    /// Gold and platinum, high income, large baskets, few returns, web and store.
    case loyalHighSpender = "loyal_high_spender"
    /// Used to be active; no activity at all in the last 183 days or more.
    case lapsed
    /// Aged 18–29, app first, late evenings and weekends.
    case appFirstYoung = "app_first_young"
    /// Aged 60–85, buys only in stores (Monday–Saturday mornings), rarely opts in.
    case storeOnlySenior = "store_only_senior"

    /// The persona at `index` of `allCases` (without building the array).
    init(index: Int) {
        switch index {
        case 0: self = .bargainHunter
        case 1: self = .loyalHighSpender
        case 2: self = .lapsed
        case 3: self = .appFirstYoung
        default: self = .storeOnlySenior
        }
    }

    /// The position of the persona in `allCases`.
    var index: Int {
        switch self {
        case .bargainHunter: return 0
        case .loyalHighSpender: return 1
        case .lapsed: return 2
        case .appFirstYoung: return 3
        case .storeOnlySenior: return 4
        }
    }
}
