// One process driving every interconnect zone: a reconciler per zone NB connection, fanned out
// by multiZoneNbSide (shared by the controller-zones and controller-scale zone benches).
import { multiZoneNbSide, NbReconciler, nbSideFromReconciler } from '@ovnkit/egressip-controller';

/** The multi-zone NB side over `conns` (one per node of `nodes`, same order), zone = node name. */
export function zonesNbSide(conns, nodes, config) {
  return multiZoneNbSide(
    conns.map((c, i) => {
      const zone = nodes[i].metadata.name;
      const r = new NbReconciler({ nb: c.nb, snapshot: () => c.snapshot(), zone, config });
      return { zone, side: nbSideFromReconciler(r, () => c.close()) };
    }),
  );
}
