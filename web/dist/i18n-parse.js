import {
  parseEn,
  parseErrorText,
  parseZh
} from "./chunk-GFXOXJBD.js";
import "./chunk-2J2MVTDP.js";
export {
  parseEn,
  parseErrorText,
  parseZh
};
