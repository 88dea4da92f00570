package kiln.passes.schedule;

import kiln.ir.loop.Kernel;
import kiln.ir.loop.LoopKind;
import kiln.ir.loop.Stmt;
import kiln.ir.loop.Uses;

/** Changes the kind of every loop with a name, after a check on each; shared by the kind primitives. */
final class Marks {
    private Marks() {
    }

    interface Check {
        /** Null when the loop may take the kind; otherwise why not. */
        String problem(LoopSites.Site site);
    }

    static Kernel mark(Kernel k, String loop, LoopKind kind, String primitive, Check check) {
        Kernel out = k;
        for (LoopSites.Site site : LoopSites.some(k, loop)) {
            String problem = check.problem(site);
            if (problem != null) {
                throw new ScheduleException(primitive + "(" + loop + ") in kernel " + k.name() + ": " + problem);
            }
        }
        // Sites found before any replacement stay valid: replacing one loop keeps its siblings' identity.
        for (LoopSites.Site site : LoopSites.some(k, loop)) {
            Stmt.For f = site.loop();
            if (f.kind() != kind) {
                out = LoopSites.replace(out, f, new Stmt.For(f.var(), f.extent(), kind, f.body()));
            }
        }
        return out;
    }

    /** The kind of a loop enclosing the site that excludes {@code kind} there, or null. */
    static String badEnclosing(LoopSites.Site site, LoopKind... kinds) {
        for (Stmt.For e : site.enclosing()) {
            for (LoopKind bad : kinds) {
                if (e.kind() == bad) {
                    return "it is inside " + bad.text() + " loop " + e.var().name();
                }
            }
        }
        return null;
    }

    /** A loop of one of {@code kinds} inside the site's body, described, or null. */
    static String badInside(LoopSites.Site site, LoopKind... kinds) {
        String[] found = {null};
        Uses.forEach(site.loop().body(), s -> {
            if (found[0] == null && s instanceof Stmt.For f) {
                for (LoopKind bad : kinds) {
                    if (f.kind() == bad) {
                        found[0] = "it contains " + bad.text() + " loop " + f.var().name();
                    }
                }
            }
        }, e -> {
        });
        return found[0];
    }
}
