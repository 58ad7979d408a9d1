package io.trainyard.training.inventory;

import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * The classic continuous-review inventory policy of one item, from its demand forecast.
 *
 * <ul>
 *   <li>Economic order quantity: {@code EOQ = sqrt(2 D S / H)}, D the annual demand (units per
 *       year), S the cost of placing one order, H the cost of holding one unit for a year.</li>
 *   <li>Safety stock: {@code SS = z σ sqrt(L)}, σ the standard deviation of demand per period, L
 *       the lead time in periods, z the standard normal quantile of the cycle service level
 *       (demand over the lead time assumed normal and independent from period to period).</li>
 *   <li>Reorder point: {@code ROP = d L + SS}, d the mean demand per period: order EOQ units
 *       whenever the stock position falls to ROP.</li>
 * </ul>
 *
 * @param orderCost S, cost per order (currency)
 * @param holdingCost H, cost of holding one unit for a year (currency)
 * @param leadTime L, periods between ordering and receiving
 * @param serviceLevel probability of not running out during a lead time, in (0.5, 1)
 * @param periodsPerYear forecast periods in a year (52 for weeks, 365 for days, 12 for months)
 */
public record InventoryPolicy(double orderCost, double holdingCost, double leadTime, double serviceLevel,
                              double periodsPerYear) {
    public InventoryPolicy {
        if (!(orderCost > 0) || !(holdingCost > 0)) {
            throw new IllegalArgumentException("--order-cost and --holding-cost must be positive, found " + orderCost
                    + " and " + holdingCost);
        }
        if (!(leadTime >= 0) || !(periodsPerYear > 0)) {
            throw new IllegalArgumentException("--lead-time must be 0 or more and --periods-per-year positive, found "
                    + leadTime + " and " + periodsPerYear);
        }
        if (!(serviceLevel > 0.5 && serviceLevel < 1)) {
            throw new IllegalArgumentException("--service-level must be above 0.5 and below 1 (e.g. 0.95), found "
                    + serviceLevel);
        }
    }

    /** z: the standard normal quantile of the service level (1.645 for 0.95). */
    public double z() {
        return new NormalDistribution(null, 0, 1).inverseCumulativeProbability(serviceLevel);
    }

    /** EOQ from the mean demand per period. */
    public double economicOrderQuantity(double meanPerPeriod) {
        double annual = meanPerPeriod * periodsPerYear;
        return Math.sqrt(2 * annual * orderCost / holdingCost);
    }

    public double safetyStock(double stdPerPeriod) {
        return z() * stdPerPeriod * Math.sqrt(leadTime);
    }

    public double reorderPoint(double meanPerPeriod, double stdPerPeriod) {
        return meanPerPeriod * leadTime + safetyStock(stdPerPeriod);
    }
}
