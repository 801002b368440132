/// The parameters of each persona. `fixtures/README.md` documents them; keep
/// the two in step.
extension SyntheticPersona {
    /// The share of customers with this persona.
    var share: Double {
        switch self {
        case .bargainHunter: return 0.30
        case .loyalHighSpender: return 0.15
        case .lapsed: return 0.20
        case .appFirstYoung: return 0.20
        case .storeOnlySenior: return 0.15
        }
    }

    /// Ages, inclusive. Bargain hunters' ages are triangular (mean of two uniforms); the rest uniform.
    var ages: ClosedRange<Int> {
        switch self {
        case .bargainHunter: return 22...60
        case .loyalHighSpender: return 30...65
        case .lapsed: return 25...70
        case .appFirstYoung: return 18...29
        case .storeOnlySenior: return 60...85
        }
    }

    /// Weights of bronze, silver, gold, platinum.
    var tierWeights: [Double] {
        switch self {
        case .bargainHunter: return [0.55, 0.35, 0.08, 0.02]
        case .loyalHighSpender: return [0.05, 0.20, 0.50, 0.25]
        case .lapsed: return [0.45, 0.35, 0.15, 0.05]
        case .appFirstYoung: return [0.60, 0.30, 0.08, 0.02]
        case .storeOnlySenior: return [0.20, 0.40, 0.30, 0.10]
        }
    }

    /// The chance of `email_opt_in = true`.
    var optInRate: Double {
        switch self {
        case .bargainHunter: return 0.80
        case .loyalHighSpender: return 0.60
        case .lapsed: return 0.40
        case .appFirstYoung: return 0.45
        case .storeOnlySenior: return 0.20
        }
    }

    /// The median annual income in EUR (log-normal, sigma 0.35, rounded to 100).
    var medianIncome: Double {
        switch self {
        case .bargainHunter: return 38_000
        case .loyalHighSpender: return 85_000
        case .lapsed: return 45_000
        case .appFirstYoung: return 28_000
        case .storeOnlySenior: return 42_000
        }
    }

    /// The relative activity volume per day of activity window.
    var activityIntensity: Double {
        switch self {
        case .bargainHunter: return 1.3
        case .loyalHighSpender: return 1.6
        case .lapsed: return 1.5
        case .appFirstYoung: return 1.0
        case .storeOnlySenior: return 0.6
        }
    }

    /// Relative intensities of purchase, return, visit and email_click (clicks only with opt-in).
    var typeWeights: [Double] {
        switch self {
        case .bargainHunter: return [0.30, 0.06, 0.40, 0.24]
        case .loyalHighSpender: return [0.40, 0.02, 0.40, 0.18]
        case .lapsed: return [0.30, 0.05, 0.50, 0.15]
        case .appFirstYoung: return [0.20, 0.05, 0.65, 0.10]
        case .storeOnlySenior: return [0.55, 0.03, 0.40, 0.02]
        }
    }

    /// Weights of web, app, store for purchases and visits.
    var channelWeights: [Double] {
        switch self {
        case .bargainHunter: return [0.60, 0.25, 0.15]
        case .loyalHighSpender: return [0.35, 0.25, 0.40]
        case .lapsed: return [0.50, 0.20, 0.30]
        case .appFirstYoung: return [0.10, 0.85, 0.05]
        case .storeOnlySenior: return [0, 0, 1]
        }
    }

    /// The median purchase amount in EUR (log-normal, sigma 0.6).
    var medianPurchase: Double {
        switch self {
        case .bargainHunter: return 22
        case .loyalHighSpender: return 95
        case .lapsed: return 40
        case .appFirstYoung: return 30
        case .storeOnlySenior: return 55
        }
    }

    /// Weights of Monday … Sunday for purchases and visits (stores use 0 on Sunday).
    var weekdayWeights: [Double] {
        switch self {
        case .bargainHunter: return [1, 1, 1, 1, 1.2, 1.5, 1.4]
        case .loyalHighSpender: return [1, 1, 1, 1, 1.1, 1.3, 1.0]
        case .lapsed: return [1, 1, 1, 1, 1, 1, 1]
        case .appFirstYoung: return [0.8, 0.8, 0.8, 0.9, 1.2, 1.6, 1.7]
        case .storeOnlySenior: return [1.2, 1.2, 1.2, 1.2, 1.2, 1.0, 0.6]
        }
    }

    /// Weights of the hours 0 … 23 for web, app and email activity (hour 2 is never used).
    var onlineHourWeights: [Double] {
        switch self {
        case .bargainHunter:
            return [0.3, 0.15, 0, 0.05, 0.05, 0.1, 0.3, 0.6, 0.8, 1, 1, 1,
                    1.3, 1.2, 1, 1, 1.1, 1.4, 2, 2.5, 2.5, 2.2, 1.5, 0.8]
        case .loyalHighSpender:
            return [0.2, 0.1, 0, 0.05, 0.05, 0.1, 0.3, 0.6, 1, 1, 1, 1.2,
                    2, 1.8, 1, 1, 1, 1.2, 1.5, 2, 2, 1.6, 1, 0.5]
        case .lapsed:
            return [0.2, 0.1, 0, 0.05, 0.05, 0.1, 0.3, 0.6, 1, 1, 1, 1,
                    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0.4]
        case .appFirstYoung:
            return [1.5, 0.8, 0, 0.2, 0.1, 0.1, 0.2, 0.4, 0.5, 0.5, 0.6, 0.7,
                    1, 1, 0.9, 1, 1.2, 1.4, 1.7, 2, 2.6, 3, 3, 2.5]
        case .storeOnlySenior:
            return [0.02, 0.01, 0, 0, 0, 0.1, 0.5, 1.5, 2.5, 3, 3, 2.5,
                    1.5, 1, 1, 1, 0.9, 0.8, 0.7, 0.6, 0.5, 0.3, 0.1, 0.05]
        }
    }

    /// Weights of the hours 0 … 23 for store activity (open 09:00–19:59).
    var storeHourWeights: [Double] {
        switch self {
        case .storeOnlySenior:
            return [0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 3, 2.5,
                    1.5, 1, 1, 1, 0.8, 0.6, 0.4, 0.3, 0, 0, 0, 0]
        default:
            return [0, 0, 0, 0, 0, 0, 0, 0, 0, 0.5, 0.7, 0.9,
                    1.2, 1, 0.9, 1, 1.3, 1.8, 2, 1.5, 0, 0, 0, 0]
        }
    }
}
