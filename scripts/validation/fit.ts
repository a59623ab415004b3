/**
 * Learning the model from outcomes: an L2-regularised logistic regression whose feature coefficients are
 * constrained to be non-negative (a dimension can only ADD health, as in the heuristic model), solved by a
 * projected Newton method; the coefficients become dimension weights. Also: a Platt mapping from score to
 * renewal probability and suggested band thresholds.
 */

export interface LogisticFitOptions {
    /** L2 penalty on the coefficients (not the intercept), per outcome. */
    l2?: number;
    /** Constrain the coefficients to be >= 0. Default true. */
    nonNegative?: boolean;
    maxIterations?: number;
    /** Stop when the projected gradient's largest component is below this. */
    tolerance?: number;
}

export interface LogisticFit {
    intercept: number;
    coefficients: number[];
    iterations: number;
    converged: boolean;
    /** mean negative log-likelihood on the training data (without the penalty) */
    logLoss: number;
}

const sigmoid = (z: number) => (z >= 0 ? 1 / (1 + Math.exp(-z)) : Math.exp(z) / (1 + Math.exp(z)));
/** log(1 + e^z) without overflow */
const softplus = (z: number) => (z > 0 ? z + Math.log1p(Math.exp(-z)) : Math.log1p(Math.exp(z)));

/**
 * Fits P(renewed) = sigmoid(intercept + coefficients . x). `features` is row-major (one row per outcome);
 * features should be on comparable scales (the dimension scores divided by 100) so one penalty fits all.
 */
export function fitLogistic(
    features: readonly (readonly number[])[],
    labels: readonly boolean[],
    options: LogisticFitOptions = {}
): LogisticFit {
    const n = features.length;
    if (n === 0 || n !== labels.length) throw new RangeError('fitLogistic: need one label per feature row');
    const k = (features[0] as readonly number[]).length;
    const l2 = options.l2 ?? 1e-3;
    const nonNegative = options.nonNegative ?? true;
    const maxIterations = options.maxIterations ?? 200;
    const tolerance = options.tolerance ?? 1e-9;
    const y: number[] = labels.map((label) => (label ? 1 : 0));

    // parameter vector theta = [intercept, ...coefficients]
    const dimension = k + 1;
    const objective = (theta: number[]) => {
        let loss = 0;
        for (let i = 0; i < n; i++) {
            const z = linear(theta, features[i] as readonly number[]);
            loss += softplus(z) - (y[i] as number) * z;
        }
        let penalty = 0;
        for (let j = 1; j < dimension; j++) penalty += (theta[j] as number) ** 2;
        return { loss: loss / n, total: loss / n + (l2 / 2) * penalty };
    };
    const project = (theta: number[]) =>
        theta.map((value, j) => (nonNegative && j > 0 ? Math.max(0, value) : value));

    // start from the base rate with zero coefficients
    const rate = Math.min(1 - 1e-6, Math.max(1e-6, y.reduce((a, b) => a + b, 0) / n));
    let theta = [Math.log(rate / (1 - rate)), ...new Array<number>(k).fill(0)];
    let current = objective(theta);
    let converged = false;
    let iteration = 0;
    for (; iteration < maxIterations; iteration++) {
        const { gradient, hessian } = derivatives(theta, features, y, l2);
        // projected-gradient optimality: how far one projected gradient step moves
        const stepped = project(theta.map((value, j) => value - (gradient[j] as number)));
        const stationarity = Math.max(...theta.map((value, j) => Math.abs((stepped[j] as number) - value)));
        if (stationarity < tolerance) {
            converged = true;
            break;
        }
        // coefficients held at the bound (zero, gradient pushing further down) stay fixed this step
        const free = theta.map(
            (value, j) => !(nonNegative && j > 0 && value <= 1e-12 && (gradient[j] as number) > 0)
        );
        const freeIndex = free.flatMap((isFree, j) => (isFree ? [j] : []));
        const step = solve(
            freeIndex.map((r) =>
                freeIndex.map((c) => ((hessian[r] as number[])[c] as number) + (r === c ? 1e-12 : 0))
            ),
            freeIndex.map((j) => -(gradient[j] as number))
        );
        const direction = new Array<number>(dimension).fill(0);
        freeIndex.forEach((j, index) => (direction[j] = step[index] as number));
        // Armijo backtracking along the projection arc
        let alpha = 1;
        let accepted = false;
        for (let attempt = 0; attempt < 40; attempt++) {
            const candidate = project(theta.map((value, j) => value + alpha * (direction[j] as number)));
            const decrease = candidate.reduce(
                (sum, value, j) => sum + (gradient[j] as number) * (value - (theta[j] as number)),
                0
            );
            const next = objective(candidate);
            if (next.total <= current.total + 1e-4 * decrease || next.total < current.total - 1e-15) {
                theta = candidate;
                current = next;
                accepted = true;
                break;
            }
            alpha /= 2;
        }
        if (!accepted) {
            converged = true; // no further decrease is possible at machine precision
            break;
        }
    }
    return {
        intercept: theta[0] as number,
        coefficients: theta.slice(1),
        iterations: iteration,
        converged,
        logLoss: current.loss
    };
}

function linear(theta: readonly number[], row: readonly number[]): number {
    let z = theta[0] as number;
    for (let j = 0; j < row.length; j++) z += (theta[j + 1] as number) * (row[j] as number);
    return z;
}

function derivatives(
    theta: readonly number[],
    features: readonly (readonly number[])[],
    y: readonly number[],
    l2: number
) {
    const n = features.length;
    const dimension = theta.length;
    const gradient = new Array<number>(dimension).fill(0);
    const hessian = Array.from({ length: dimension }, () => new Array<number>(dimension).fill(0));
    const augmented = new Array<number>(dimension);
    for (let i = 0; i < n; i++) {
        const row = features[i] as readonly number[];
        augmented[0] = 1;
        for (let j = 0; j < row.length; j++) augmented[j + 1] = row[j] as number;
        const p = sigmoid(linear(theta, row));
        const residual = p - (y[i] as number);
        const curvature = p * (1 - p);
        for (let r = 0; r < dimension; r++) {
            gradient[r] = (gradient[r] as number) + residual * (augmented[r] as number);
            const hessianRow = hessian[r] as number[];
            for (let c = r; c < dimension; c++)
                hessianRow[c] =
                    (hessianRow[c] as number) +
                    curvature * (augmented[r] as number) * (augmented[c] as number);
        }
    }
    for (let r = 0; r < dimension; r++) {
        gradient[r] = (gradient[r] as number) / n + (r > 0 ? l2 * (theta[r] as number) : 0);
        for (let c = r; c < dimension; c++) {
            const value = ((hessian[r] as number[])[c] as number) / n + (r === c && r > 0 ? l2 : 0);
            (hessian[r] as number[])[c] = value;
            (hessian[c] as number[])[r] = value;
        }
    }
    return { gradient, hessian };
}

/** Gaussian elimination with partial pivoting for the small (<= 10x10) Newton systems. */
function solve(matrix: number[][], rhs: number[]): number[] {
    const size = rhs.length;
    const a = matrix.map((row, i) => [...row, rhs[i] as number]);
    for (let col = 0; col < size; col++) {
        let pivot = col;
        for (let row = col + 1; row < size; row++)
            if (
                Math.abs((a[row] as number[])[col] as number) >
                Math.abs((a[pivot] as number[])[col] as number)
            )
                pivot = row;
        [a[col], a[pivot]] = [a[pivot] as number[], a[col] as number[]];
        const pivotRow = a[col] as number[];
        const pivotValue = pivotRow[col] as number;
        if (Math.abs(pivotValue) < 1e-300) continue;
        for (let row = col + 1; row < size; row++) {
            const target = a[row] as number[];
            const factor = (target[col] as number) / pivotValue;
            for (let c = col; c <= size; c++)
                target[c] = (target[c] as number) - factor * (pivotRow[c] as number);
        }
    }
    const x = new Array<number>(size).fill(0);
    for (let row = size - 1; row >= 0; row--) {
        const r = a[row] as number[];
        let sum = r[size] as number;
        for (let c = row + 1; c < size; c++) sum -= (r[c] as number) * (x[c] as number);
        const diagonal = r[row] as number;
        x[row] = Math.abs(diagonal) < 1e-300 ? 0 : sum / diagonal;
    }
    return x;
}

/** A Platt mapping: renewal probability as a logistic function of the 0-100 score (non-decreasing). */
export function plattMapping(
    scores: readonly number[],
    renewed: readonly boolean[]
): (score: number) => number {
    const fit = fitLogistic(
        scores.map((score) => [score / 100]),
        renewed,
        { l2: 1e-6 }
    );
    const slope = fit.coefficients[0] as number;
    return (score: number) => sigmoid(fit.intercept + (slope * score) / 100);
}

/** One training row for weight fitting: the dimension subscores (0-100, null = no data) and the outcome. */
export interface DimensionRow {
    dimensions: readonly (number | null)[];
    renewed: boolean;
}

export interface WeightFit {
    /** weights summing to 100 (one decimal), in the order of the input dimensions */
    weights: number[];
    /** raw logistic coefficients per 100 score points */
    coefficients: number[];
    intercept: number;
    /** value used for a missing subscore (training mean of that dimension) */
    imputed: number[];
    converged: boolean;
    rows: number;
}

/**
 * Learns non-negative dimension weights: logistic regression of the outcome on the subscores (/100), a
 * missing subscore replaced by the training mean of its dimension (it then carries no information, close to
 * the engine's own redistribution of missing weight). Returns null when no dimension has a positive
 * coefficient (nothing predicts the outcome, keep the current weights).
 */
export function fitDimensionWeights(
    rows: readonly DimensionRow[],
    options: LogisticFitOptions = {}
): WeightFit | null {
    if (rows.length === 0) return null;
    const k = (rows[0] as DimensionRow).dimensions.length;
    const imputed = Array.from({ length: k }, (_, j) => {
        const present = rows
            .map((row) => row.dimensions[j])
            .filter((v): v is number => v !== null && v !== undefined);
        return present.length ? present.reduce((a, b) => a + b, 0) / present.length : 50;
    });
    const features = rows.map((row) =>
        row.dimensions.map((value, j) => (value ?? (imputed[j] as number)) / 100)
    );
    const fit = fitLogistic(
        features,
        rows.map((row) => row.renewed),
        { nonNegative: true, ...options }
    );
    const total = fit.coefficients.reduce((a, b) => a + b, 0);
    if (!(total > 0)) return null;
    return {
        weights: roundToTotal(
            fit.coefficients.map((c) => (100 * c) / total),
            100,
            1
        ),
        coefficients: fit.coefficients,
        intercept: fit.intercept,
        imputed,
        converged: fit.converged,
        rows: rows.length
    };
}

/** Rounds to `decimals` places keeping the exact total (largest-remainder method). */
export function roundToTotal(values: readonly number[], total: number, decimals: number): number[] {
    const scale = 10 ** decimals;
    const scaled = values.map((v) => v * scale);
    const floors = scaled.map(Math.floor);
    let missing = Math.round(total * scale) - floors.reduce((a, b) => a + b, 0);
    const byRemainder = scaled
        .map((v, i) => ({ i, remainder: v - (floors[i] as number) }))
        .sort((a, b) => b.remainder - a.remainder);
    for (const { i } of byRemainder) {
        if (missing <= 0) break;
        floors[i] = (floors[i] as number) + 1;
        missing--;
    }
    return floors.map((v) => v / scale);
}

export interface ThresholdSuggestion {
    redThreshold: number;
    greenThreshold: number;
    /** why these values, in words a RevOps analyst reads */
    notes: string[];
    /** false when no score reached the renewal rate and Green was kept as it was */
    greenFound?: boolean;
}

/**
 * Suggests band thresholds from scored training outcomes (MODEL.md v2 property 15: the top band renews at 90%
 * or more AND holds as many renewing accounts as it can):
 * - Green: the LOWEST whole-number threshold whose accounts at or above it renew at >= `greenRenewalRate`
 *   (90%, seed 001's bar for the top band) by at least one standard error of that rate (so the band holds on
 *   later outcomes), with at least 5% of the outcomes (and 10) in it; when none
 *   reaches that rate, the current Green threshold is kept and a note says so.
 * - Red: at least 10 points below Green, the threshold that best separates losses from renewals (maximum
 *   Youden J = share of losses below it + share of renewals at or above it - 1).
 */
export function suggestThresholds(
    scores: readonly number[],
    renewed: readonly boolean[],
    current: { redThreshold: number; greenThreshold: number },
    greenRenewalRate = 0.9,
    /** standard errors to spare, and scorings per outcome (one per horizon: they are not independent) */
    margin: { standardErrors?: number; rowsPerOutcome?: number } = {}
): ThresholdSuggestion {
    const spare = margin.standardErrors ?? 1;
    const perOutcome = Math.max(1, margin.rowsPerOutcome ?? 1);
    const notes: string[] = [];
    const renewals = renewed.filter(Boolean).length;
    const losses = renewed.length - renewals;
    if (renewals === 0 || losses === 0) {
        return {
            ...current,
            notes: ['Only one kind of outcome in the training period: thresholds kept as they are.'],
            greenFound: false
        };
    }
    const minCount = Math.max(10, Math.ceil(scores.length * 0.05));
    let green: number | null = null;
    for (let t = 15; t <= 100; t++) {
        let count = 0;
        let renewedCount = 0;
        scores.forEach((score, i) => {
            if (score >= t) {
                count++;
                if (renewed[i]) renewedCount++;
            }
        });
        if (count < minCount) break;
        // with one standard error to spare, so the band still renews at that rate on outcomes it has not seen
        const rate = renewedCount / count;
        if (rate - spare * Math.sqrt((rate * (1 - rate)) / (count / perOutcome)) >= greenRenewalRate) {
            green = t;
            break;
        }
    }
    const greenFound = green !== null;
    if (green === null) {
        green = current.greenThreshold;
        notes.push(
            `No threshold gave a top band renewing at ${Math.round(greenRenewalRate * 100)}% or more with enough accounts; Green kept at ${green}.`
        );
    } else {
        notes.push(
            `Green from ${green}: the lowest score whose accounts renewed at ${Math.round(greenRenewalRate * 100)}% or more in the training period, by ${spare === 1 ? 'one standard error' : `${spare} standard errors`} (the largest top band that still renews at that rate).`
        );
    }
    let bestRed = Math.min(current.redThreshold, green - 10);
    let bestJ = -Infinity;
    for (let t = 5; t <= green - 10; t++) {
        let lossesBelow = 0;
        let renewalsAbove = 0;
        scores.forEach((score, i) => {
            if (score < t && !renewed[i]) lossesBelow++;
            if (score >= t && renewed[i]) renewalsAbove++;
        });
        const j = lossesBelow / losses + renewalsAbove / renewals - 1;
        if (j > bestJ + 1e-12) {
            bestJ = j;
            bestRed = t;
        }
    }
    notes.push(
        `Red below ${bestRed}: at least 10 points under Green, the cut that best separates losses from renewals in the training period (Youden J ${Number.isFinite(bestJ) ? bestJ.toFixed(2) : 'n/a'}).`
    );
    return {
        redThreshold: Math.max(0, bestRed),
        greenThreshold: Math.min(100, green),
        notes,
        greenFound
    };
}
