/// The value domains of the synthetic retail data and the parts of the model
/// shared by every persona.
enum SyntheticRetailCatalog {
    // MARK: - Customer attributes

    /// Country codes with their shares of customers (independent of persona).
    static let countries: [(code: String, share: Double)] = [
        ("DE", 0.30), ("FR", 0.12), ("NL", 0.09), ("AT", 0.08), ("CH", 0.07), ("IT", 0.07),
        ("ES", 0.06), ("PL", 0.05), ("BE", 0.05), ("SE", 0.04), ("DK", 0.04), ("GB", 0.03),
    ]

    /// Genders with their shares of customers (independent of persona).
    static let genders: [(name: String, share: Double)] = [
        ("female", 0.50), ("male", 0.48), ("diverse", 0.02),
    ]

    /// Loyalty tiers in ascending order.
    static let tiers = ["bronze", "silver", "gold", "platinum"]
    static let goldTier = 2

    /// The share of customers whose `annual_income` is empty (missing completely at random).
    static let incomeMissingShare = 0.08

    // MARK: - Activities

    /// Activity types, in the order of `ActivityType`.
    static let activityTypes = ["purchase", "return", "visit", "email_click"]
    /// Channels, in the order of `Channel`.
    static let channels = ["web", "app", "store", "email"]

    enum ActivityType {
        static let purchase: UInt8 = 0
        static let `return`: UInt8 = 1
        static let visit: UInt8 = 2
        static let emailClick: UInt8 = 3
    }

    enum Channel {
        static let web: UInt8 = 0
        static let app: UInt8 = 1
        static let store: UInt8 = 2
        static let email: UInt8 = 3
    }

    /// Purchase amounts of customers aged `ruleAges` with the gold tier are multiplied by this.
    static let goldThirtiesMultiplier = 3.0
    static let ruleAges = 30...40

    /// Opt-in customers' purchase intensity is multiplied by this.
    static let optInPurchaseMultiplier = 1.4
    /// The chance that an email click is followed by a purchase (while the customer has purchases left).
    static let clickFollowUpChance = 0.6
    /// A click's follow-up purchase comes this many seconds after the click.
    static let clickFollowUpDelaySeconds = 1_800...(7 * 86_400)
    /// A return comes this many seconds after its purchase.
    static let returnDelaySeconds = 86_400...(30 * 86_400)

    /// Lapsed customers' last possible activity day is this many days before the last day.
    static let lapseDaysBeforeEnd = 183...540
    /// Customers sign up this many days before the first activity day at the earliest.
    static let earliestSignupDaysBeforeStart = 2_922
    /// App-first young customers sign up this many days before the first day at the earliest.
    static let earliestYoungSignupDaysBeforeStart = 1_095
    /// Everyone signs up at least this many days before the last day (before the lapse day for the lapsed).
    static let signupDaysBeforeEnd = 30
    static let lapsedSignupDaysBeforeLapse = 60

    /// Seasonality of purchases and visits by month (January = index 0).
    static let monthWeights: [Double] = [0.85, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1.25, 1.5]
    /// Email clicks by weekday (Monday = index 0): campaigns go out on Tuesdays and Thursdays.
    static let emailWeekdayWeights: [Double] = [1, 3, 1, 3, 1, 1, 1]
    /// Stores are open Monday–Saturday, 09:00–19:59.
    static let storeHours = 9...19
    static let sunday = 6
    /// No activity is ever placed in 02:00–02:59 local time, the hour that is
    /// missing or repeated when daylight saving time starts or ends.
    static let skippedHour = 2
}
