// C entry points over CryptoMiniSat's C++ SATSolver, for bnnverify's P/Invoke binding
// (src/Encoding/Backends/CryptoMiniSat). Built by scripts/build-cms-shim.sh.
//
// Literals cross the boundary as bnnverify's codes, 2 * variable + (1 if negated), which is also
// CryptoMiniSat's own Lit layout; they are rebuilt with CMSat::Lit(var, negated) rather than relying on it.
// No C++ exception may cross into .NET: every entry point catches and stores the message, which
// bnnv_cms_last_error returns. Return codes: 0 ok, -1 failure (see bnnv_cms_last_error).
#include <cryptominisat5/cryptominisat.h>

#include <atomic>
#include <cstdint>
#include <exception>
#include <string>
#include <vector>

namespace {

struct Shim {
    // Our own interrupt flag, handed to the solver, so that it can be cleared before each solve.
    std::atomic<bool> interrupt{false};
    CMSat::SATSolver solver;
    std::string last_error;

    Shim() : solver(nullptr, &interrupt) {}
};

std::vector<CMSat::Lit> to_lits(const int32_t* codes, int32_t count) {
    std::vector<CMSat::Lit> lits;
    lits.reserve(static_cast<size_t>(count));
    for (int32_t i = 0; i < count; i++) {
        const uint32_t code = static_cast<uint32_t>(codes[i]);
        lits.emplace_back(code >> 1, (code & 1u) != 0);
    }
    return lits;
}

template <class F>
int32_t guarded(Shim* shim, F&& body) {
    try {
        return body();
    } catch (const std::exception& e) {
        shim->last_error = e.what();
    } catch (...) {
        shim->last_error = "unknown C++ exception";
    }
    return -1;
}

}  // namespace

extern "C" {

// Version of the shim's C interface; the binding refuses a shim whose version differs.
int32_t bnnv_cms_abi_version() { return 1; }

const char* bnnv_cms_solver_version() { return CMSat::SATSolver::get_version(); }

void* bnnv_cms_new() {
    try {
        auto* shim = new Shim();
        shim->solver.set_num_threads(1);
        shim->solver.set_verbosity(0);
        return shim;
    } catch (...) {
        return nullptr;
    }
}

void bnnv_cms_delete(void* handle) { delete static_cast<Shim*>(handle); }

const char* bnnv_cms_last_error(void* handle) { return static_cast<Shim*>(handle)->last_error.c_str(); }

int32_t bnnv_cms_new_vars(void* handle, int32_t count) {
    auto* shim = static_cast<Shim*>(handle);
    return guarded(shim, [&] {
        shim->solver.new_vars(static_cast<size_t>(count));
        return 0;
    });
}

int32_t bnnv_cms_var_count(void* handle) {
    auto* shim = static_cast<Shim*>(handle);
    return guarded(shim, [&] { return static_cast<int32_t>(shim->solver.nVars()); });
}

// Returns 1 while the formula may still be satisfiable, 0 once it is known unsatisfiable.
int32_t bnnv_cms_add_clause(void* handle, const int32_t* codes, int32_t count) {
    auto* shim = static_cast<Shim*>(handle);
    return guarded(shim, [&] { return shim->solver.add_clause(to_lits(codes, count)) ? 1 : 0; });
}

// output <=> (number of true literals >= cutoff); output < 0 means "no output: the constraint must hold".
// Returns 1 while the formula may still be satisfiable, 0 once it is known unsatisfiable.
int32_t bnnv_cms_add_bnn(void* handle, const int32_t* codes, int32_t count, int32_t cutoff, int32_t output) {
    auto* shim = static_cast<Shim*>(handle);
    return guarded(shim, [&] {
        CMSat::Lit out = CMSat::lit_Undef;
        if (output >= 0) out = CMSat::Lit(static_cast<uint32_t>(output) >> 1, (output & 1) != 0);
        return shim->solver.add_bnn_clause(to_lits(codes, count), cutoff, out) ? 1 : 0;
    });
}

// max_seconds <= 0 means no limit. Returns 1 satisfiable, 0 unsatisfiable, 2 unknown, -1 error.
int32_t bnnv_cms_solve(void* handle, const int32_t* assumptions, int32_t count, double max_seconds) {
    auto* shim = static_cast<Shim*>(handle);
    return guarded(shim, [&] {
        // CryptoMiniSat keeps limits between calls; reset to "none" when no limit is asked for.
        shim->solver.set_max_time(max_seconds > 0 ? max_seconds : 1e300);
        std::vector<CMSat::Lit> lits = to_lits(assumptions, count);
        const CMSat::lbool result = shim->solver.solve(&lits);
        if (result == CMSat::l_True) return 1;
        if (result == CMSat::l_False) return 0;
        return 2;
    });
}

// Clears the interrupt flag; the binding calls it before arming its interrupt timer for a solve.
void bnnv_cms_clear_interrupt(void* handle) { static_cast<Shim*>(handle)->interrupt.store(false); }

// Safe to call from another thread while bnnv_cms_solve runs.
void bnnv_cms_interrupt(void* handle) { static_cast<Shim*>(handle)->solver.interrupt_asap(); }

// Writes the last model's value of variables 0..count-1 as 1 (true), 0 (false) or 2 (unassigned).
int32_t bnnv_cms_model(void* handle, uint8_t* values, int32_t count) {
    auto* shim = static_cast<Shim*>(handle);
    return guarded(shim, [&] {
        const std::vector<CMSat::lbool>& model = shim->solver.get_model();
        if (model.size() < static_cast<size_t>(count)) {
            shim->last_error = "the model covers fewer variables than asked for";
            return -1;
        }
        for (int32_t i = 0; i < count; i++) {
            const CMSat::lbool v = model[static_cast<size_t>(i)];
            values[i] = v == CMSat::l_True ? 1 : v == CMSat::l_False ? 0 : 2;
        }
        return 0;
    });
}

}  // extern "C"
