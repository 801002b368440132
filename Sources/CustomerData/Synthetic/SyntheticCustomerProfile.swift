/// One synthetic customer's attributes and the hidden parameters that drive
/// its activities.
struct SyntheticCustomerProfile {
    var persona: SyntheticPersona
    var age: Int
    /// An index into `SyntheticRetailCatalog.countries`.
    var country: Int
    /// An index into `SyntheticRetailCatalog.genders`.
    var gender: Int
    /// An index into `SyntheticRetailCatalog.tiers`.
    var tier: Int
    /// Days since 1970-01-01.
    var signupDay: Int
    var isOptedIn: Bool
    /// Annual income in EUR; `nil` when missing.
    var income: Int?
    /// The first and last day index (counted from the generator's first day)
    /// on which the customer can have activities.
    var firstActiveDay: Int
    var lastActiveDay: Int
    /// The customer's share of all activities, relative to the others.
    var activityWeight: Double

    /// Whether the planted rule "age 30–40 and gold tier spend three times more per purchase" applies.
    var isGoldThirties: Bool {
        SyntheticRetailCatalog.ruleAges.contains(age) && tier == SyntheticRetailCatalog.goldTier
    }
}
