import {
  parseEn,
  parseErrorText,
  parseZh
} from "./chunk-WO72W47F.js";
import "./chunk-OGFEHHIN.js";
export {
  parseEn,
  parseErrorText,
  parseZh
};
